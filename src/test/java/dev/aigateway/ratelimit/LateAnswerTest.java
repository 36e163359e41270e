package dev.aigateway.ratelimit;

import static dev.aigateway.config.LimitUnit.REQUESTS;
import static dev.aigateway.config.LimitUnit.TOKENS;
import static dev.aigateway.config.RateLimitTechnique.FIXED;
import static dev.aigateway.config.RateLimitTechnique.SLIDING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.config.LimitUnit;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.LocalRedisServer;
import dev.aigateway.testing.TestRedis;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis too slow for the limiter's timeout (paused with {@code CLIENT PAUSE} on a private server): what Redis counts
 * matches what the gateway did. A request refused for want of an answer (fail-closed) is not left counted, one
 * admitted (fail-open) is counted.
 */
class LateAnswerTest {

    private static final LocalRedisServer SERVER = new LocalRedisServer();
    private static final long PAUSE_MILLIS = 700;

    private final TestRedis client = new TestRedis(LocalRedisServer.url());
    private final TestRedis admin = new TestRedis(LocalRedisServer.url());
    private final RateLimiter limiter = new RateLimiter(
            new RedisCalls(client.client(), client.vertx()),
            new GatewayClock(),
            Duration.ofMillis(100),
            TokenEstimate.DEFAULT_OUTPUT_TOKENS);

    @BeforeAll
    static void start() {
        SERVER.start();
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @AfterEach
    void close() {
        client.close();
        admin.close();
    }

    private RateLimiter.Decision check(RateLimiter.Charge charge, boolean failOpen) throws Exception {
        return limiter.check(List.of(charge), failOpen)
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    private static RateLimiter.Charge charge(RateLimitTechnique technique, LimitUnit unit, long cost) {
        LimitRule rule = LimitRule.of("late", "header:x-user", 1000, 3600, technique, unit);
        return RateLimiter.Charge.of("g-" + UUID.randomUUID(), rule, "u", cost);
    }

    /** What the counter holds, summed over its buckets. */
    private long counted(RateLimiter.Charge charge) {
        long sum = 0;
        for (var v : admin.send(Command.HVALS, charge.counter())) {
            sum += v.toLong();
        }
        return sum;
    }

    /**
     * A new client's first check (connection, script loaded) may take longer than the 100 ms timeout on a loaded
     * machine: checks of another counter until one is answered in time, so the tests' own first check is.
     */
    private void warmUp() throws Exception {
        RateLimiter.Charge other = charge(FIXED, REQUESTS, 1);
        for (int i = 0; i < 50 && !check(other, false).allowed(); i++) {
            Thread.sleep(100);
        }
    }

    private void pauseRedis() {
        admin.send(Command.CLIENT, "PAUSE", PAUSE_MILLIS, "ALL");
    }

    private static void afterThePause() throws InterruptedException {
        Thread.sleep(PAUSE_MILLIS + 300);
    }

    @Test
    void refusedRequestIsNotCountedOnceRedisAnswered() throws Exception {
        warmUp();
        RateLimiter.Charge charge = charge(FIXED, REQUESTS, 1);
        assertThat(check(charge, false).allowed()).isTrue(); // the limiter knows Redis's clock now

        pauseRedis();
        RateLimiter.Decision slow = check(charge, false);
        assertThat(slow.unavailable())
                .as("refused: 503 on a fail-closed gateway")
                .isTrue();
        afterThePause();

        assertThat(counted(charge)).as("only the first request").isEqualTo(1);
    }

    @Test
    void refusedTokenReservationIsNotLeftCharged() throws Exception {
        RateLimiter.Charge charge = charge(SLIDING, TOKENS, 300);
        pauseRedis(); // before the limiter ever heard from Redis: no deadline yet, the late answer is undone
        assertThat(check(charge, false).unavailable()).isTrue();
        afterThePause();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counted(charge) == 0);
    }

    @Test
    void admittedRequestIsCountedOnceRedisAnswered() throws Exception {
        warmUp();
        RateLimiter.Charge charge = charge(SLIDING, REQUESTS, 1);
        assertThat(check(charge, true).allowed()).isTrue();

        pauseRedis();
        assertThat(check(charge, true).unavailable())
                .as("admitted on a fail-open gateway")
                .isTrue();
        afterThePause();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counted(charge) == 2);
    }

    /**
     * A decision taken without Redis is never silent: a fail-open gateway admits the request uncounted, so it is said
     * at WARN (once per 10 s). (A 4th request under a limit of 3 once got 200 in CI with nothing in the log: the
     * limiter's unavailability was logged at DEBUG only.)
     */
    @Test
    void aDecisionWithoutRedisIsAWarning() throws Exception {
        List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                        && RateLimiter.class.getName().equals(record.getLoggerName())) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            RateLimiter.Charge charge = charge(FIXED, REQUESTS, 1);
            pauseRedis();
            assertThat(check(charge, true).unavailable()).isTrue();
            assertThat(check(charge, true).unavailable()).isTrue();
            afterThePause();
        } finally {
            root.removeHandler(capture);
        }
        assertThat(warnings)
                .as("one warning for two decisions within 10 s")
                .hasSize(1)
                .first()
                .satisfies(
                        w -> assertThat(String.valueOf(w.getMessage()) + java.util.Arrays.toString(w.getParameters()))
                                .contains("admitted by fail-open"));
    }
}
