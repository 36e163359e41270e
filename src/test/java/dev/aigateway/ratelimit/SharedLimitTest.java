package dev.aigateway.ratelimit;

import static dev.aigateway.config.LimitUnit.REQUESTS;
import static dev.aigateway.config.LimitUnit.TOKENS;
import static dev.aigateway.config.RateLimitTechnique.FIXED;
import static dev.aigateway.config.RateLimitTechnique.SLIDING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.TestRedis;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances (each its own Vert.x and Redis connections, as two replicas have) sharing one Redis enforce
 * one limit: N requests pass in total, not N per instance.
 */
class SharedLimitTest {

    private final TestRedis redisA = new TestRedis();
    private final TestRedis redisB = new TestRedis();

    @AfterEach
    void close() {
        redisA.close();
        redisB.close();
    }

    private static RateLimiter limiter(TestRedis redis) {
        return new RateLimiter(
                new RedisCalls(redis.client(), redis.vertx()), new GatewayClock(), Duration.ofSeconds(5));
    }

    private static int allowed(RateLimiter a, RateLimiter b, RateLimiter.Charge charge, int perInstance)
            throws Exception {
        List<CompletableFuture<RateLimiter.Decision>> all = new ArrayList<>();
        for (int i = 0; i < perInstance; i++) {
            all.add(check(a, charge));
            all.add(check(b, charge));
        }
        int allowed = 0;
        for (CompletableFuture<RateLimiter.Decision> f : all) {
            RateLimiter.Decision d = f.get(10, TimeUnit.SECONDS);
            assertThat(d.unavailable()).isFalse();
            allowed += d.allowed() ? 1 : 0;
        }
        return allowed;
    }

    private static CompletableFuture<RateLimiter.Decision> check(RateLimiter limiter, RateLimiter.Charge charge) {
        Future<RateLimiter.Decision> f = limiter.check(List.of(charge));
        return f.toCompletionStage().toCompletableFuture();
    }

    /**
     * Replicas whose clocks disagree (by 7 minutes either way) still share one 10-minute window: its boundaries come
     * from Redis's clock, and each replica's deadlines are translated to it. Windows taken from each replica's own
     * clock would be two counters here (14 minutes apart), and twice the limit would pass.
     */
    @Test
    void replicasWithDisagreeingClocksShareOneWindow() throws Exception {
        long skew = Duration.ofMinutes(7).toMillis();
        long window = Duration.ofMinutes(10).toMillis();
        GatewayClock windows = new GatewayClock(); // the test's shift: a window that starts now, whatever the time
        windows.set((System.currentTimeMillis() / window + 1) * window + 1000);
        RateLimiter ahead = new RateLimiter(
                new RedisCalls(redisA.client(), redisA.vertx()),
                windows,
                Duration.ofSeconds(5),
                TokenEstimate.DEFAULT_OUTPUT_TOKENS,
                () -> System.currentTimeMillis() + skew);
        RateLimiter behind = new RateLimiter(
                new RedisCalls(redisB.client(), redisB.vertx()),
                windows,
                Duration.ofSeconds(5),
                TokenEstimate.DEFAULT_OUTPUT_TOKENS,
                () -> System.currentTimeMillis() - skew);
        LimitRule rule = LimitRule.of("shared", "header:x-user", 30, window / 1000, FIXED, REQUESTS);
        RateLimiter.Charge charge = RateLimiter.Charge.of("g-" + UUID.randomUUID(), rule, "user-1", 1);

        assertThat(allowed(ahead, behind, charge, 50)).isEqualTo(30);
    }

    @Test
    void fixedWindowLimitIsExactAcrossInstances() throws Exception {
        LimitRule rule = LimitRule.of("shared", "header:x-user", 30, 3600, FIXED, REQUESTS);
        RateLimiter.Charge charge = RateLimiter.Charge.of("g-" + UUID.randomUUID(), rule, "user-1", 1);

        assertThat(allowed(limiter(redisA), limiter(redisB), charge, 50)).isEqualTo(30);
    }

    @Test
    void slidingWindowLimitIsExactAcrossInstances() throws Exception {
        LimitRule rule = LimitRule.of("shared", "header:x-user", 30, 3600, SLIDING, REQUESTS);
        RateLimiter.Charge charge = RateLimiter.Charge.of("g-" + UUID.randomUUID(), rule, "user-1", 1);

        assertThat(allowed(limiter(redisA), limiter(redisB), charge, 50)).isEqualTo(30);
    }

    @Test
    void tokenBudgetIsSharedAcrossInstances() throws Exception {
        LimitRule rule = LimitRule.of("tokens", "header:x-user", 1000, 3600, SLIDING, TOKENS);
        RateLimiter.Charge charge = RateLimiter.Charge.of("g-" + UUID.randomUUID(), rule, "user-1", 100);

        assertThat(allowed(limiter(redisA), limiter(redisB), charge, 20)).isEqualTo(10);
    }

    @Test
    void nothingIsCountedWhenOneRuleRefuses() throws Exception {
        String gateway = "g-" + UUID.randomUUID();
        LimitRule tight = LimitRule.of("tight", "header:x-user", 1, 3600, FIXED, REQUESTS);
        LimitRule loose = LimitRule.of("loose", "header:x-user", 100, 3600, FIXED, REQUESTS);
        RateLimiter limiter = limiter(redisA);
        List<RateLimiter.Charge> both =
                List.of(RateLimiter.Charge.of(gateway, tight, "u", 1), RateLimiter.Charge.of(gateway, loose, "u", 1));

        for (int i = 0; i < 5; i++) {
            limiter.check(both).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        RateLimiter.Decision looseOnly = limiter.check(List.of(both.get(1)))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(looseOnly.headroom().remaining())
                .as("only the first, allowed, request counted")
                .isEqualTo(98);
    }

    /**
     * Fail-open under load (a 100 ms timeout, 1200 concurrent checks on two cold instances): whatever the timeouts
     * let through, Redis ends up counting exactly the requests that were admitted, and no more than the limit are
     * admitted while Redis answers in time.
     */
    @Test
    void failOpenCountsEveryAdmittedRequest() throws Exception {
        LimitRule rule = LimitRule.of("busy", "header:x-user", 500, 3600, FIXED, REQUESTS);
        RateLimiter.Charge charge = RateLimiter.Charge.of("g-" + UUID.randomUUID(), rule, "user-1", 1);
        RateLimiter a = new RateLimiter(
                new RedisCalls(redisA.client(), redisA.vertx()), new GatewayClock(), Duration.ofMillis(100));
        RateLimiter b = new RateLimiter(
                new RedisCalls(redisB.client(), redisB.vertx()), new GatewayClock(), Duration.ofMillis(100));

        List<CompletableFuture<RateLimiter.Decision>> all = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            all.add(a.check(List.of(charge), true).toCompletionStage().toCompletableFuture());
            all.add(b.check(List.of(charge), true).toCompletionStage().toCompletableFuture());
        }
        int admitted = 0;
        int unanswered = 0;
        for (CompletableFuture<RateLimiter.Decision> f : all) {
            RateLimiter.Decision d = f.get(10, TimeUnit.SECONDS);
            admitted += d.allowed() || d.unavailable() ? 1 : 0;
            unanswered += d.unavailable() ? 1 : 0;
        }

        int expected = admitted;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counted(charge) == expected);
        assertThat(admitted).isBetween(500, 500 + unanswered);
    }

    private long counted(RateLimiter.Charge charge) {
        long sum = 0;
        for (var v : redisA.send(io.vertx.redis.client.Command.HVALS, charge.counter())) {
            sum += v.toLong();
        }
        return sum;
    }
}
