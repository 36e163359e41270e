package dev.aigateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.redis.RedisCalls.Op;
import dev.aigateway.redis.RedisCalls.Script;
import dev.aigateway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch is one write (one round trip); a script Redis does not know yet is sent again whole, and only that one: the
 * commands that ran are not run twice.
 */
class RedisBatchTest {

    private final TestRedis redis = new TestRedis();
    private final RedisCalls calls = new RedisCalls(redis.client(), redis.vertx());

    @AfterEach
    void close() {
        redis.close();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A script with a body of its own (a digest Redis has never seen) that increments its key. */
    private static Script fresh() {
        String source = "-- " + UUID.randomUUID() + "\nreturn redis.call('INCR', KEYS[1])";
        return new Script("fresh", source, sha1(source));
    }

    private static String sha1(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-1")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnknownScriptIsSentAgainWholeAndTheOthersRunOnce() throws Exception {
        String a = "aigw:test:batch:" + UUID.randomUUID();
        String b = "aigw:test:batch:" + UUID.randomUUID();
        Script known = fresh();
        assertThat(get(calls.batch(List.of(RedisCalls.script(known, List.of(a), List.of())), Duration.ofSeconds(5))))
                .containsExactly(true); // sent whole once: Redis knows it now
        Op plain = RedisCalls.command(Request.cmd(Command.INCR).arg(b));

        List<Boolean> ok = get(calls.batch(
                List.of(
                        RedisCalls.script(known, List.of(a), List.of()),
                        RedisCalls.script(fresh(), List.of(a), List.of()),
                        plain),
                Duration.ofSeconds(5)));

        assertThat(ok).containsExactly(true, true, true);
        assertThat(redis.send(Command.GET, a).toInteger()).isEqualTo(3);
        assertThat(redis.send(Command.GET, b).toInteger()).isEqualTo(1);
        redis.send(Command.DEL, a, b);
    }

    @Test
    void aCommandThatFailsIsReportedTheOthersRan() throws Exception {
        String a = "aigw:test:batch:" + UUID.randomUUID();
        String text = "aigw:test:batch:" + UUID.randomUUID();
        redis.send(Command.SET, text, "not a number");

        List<Boolean> ok = get(calls.batch(
                List.of(
                        RedisCalls.command(Request.cmd(Command.INCR).arg(text)),
                        RedisCalls.command(Request.cmd(Command.INCR).arg(a))),
                Duration.ofSeconds(5)));

        assertThat(ok).containsExactly(false, true);
        assertThat(redis.send(Command.GET, a).toInteger()).isEqualTo(1);
        redis.send(Command.DEL, a, text);
    }

    @Test
    void partiesOfAnEndBatchShareOneBatchOnceAllHaveSpoken() throws Exception {
        String a = "aigw:test:batch:" + UUID.randomUUID();
        EndBatch end = new EndBatch(calls, 2, Duration.ofSeconds(5));
        Future<List<Boolean>> first =
                end.add(List.of(RedisCalls.command(Request.cmd(Command.INCR).arg(a))));
        Thread.sleep(100);
        assertThat(first.isComplete()).as("waits for the other party").isFalse();
        assertThat(redis.send(Command.EXISTS, a).toInteger()).isZero();

        Future<List<Boolean>> second = end.add(List.of());

        assertThat(get(first)).containsExactly(true);
        assertThat(get(second)).isEmpty();
        assertThat(redis.send(Command.GET, a).toInteger()).isEqualTo(1);
        redis.send(Command.DEL, a);
    }

    @Test
    void aPartyThatFailsToWorkItsPartOutStillLetsTheOthersGo() throws Exception {
        String a = "aigw:test:batch:" + UUID.randomUUID();
        EndBatch end = new EndBatch(calls, 2, Duration.ofSeconds(5));
        Future<List<Boolean>> settlement =
                end.add(List.of(RedisCalls.command(Request.cmd(Command.INCR).arg(a))));

        assertThatThrownBy(() -> end.add(() -> {
                    throw new IllegalStateException("the store could not be worked out");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(get(settlement)).as("sent without the failed party's part").containsExactly(true);
        assertThat(redis.send(Command.GET, a).toInteger()).isEqualTo(1);
        assertThatThrownBy(() -> end.add(List.of()))
                .as("the failed party has had its turn")
                .isInstanceOf(IllegalStateException.class);
        redis.send(Command.DEL, a);
    }
}
