package dev.aigateway.semantic;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, asserts nothing): embedding time p50/p99 for a ~50-token and a ~500-token prompt, lookup p99 in
 * one partition of 100,000 entries, the heap those entries take, and a replica's start-up fill of 100,000 entries
 * from Redis (a stream of its own). Run alone:
 * {@code ./mvnw -o test -Dtest=SemanticBenchTest -Dsemantic.bench=true}; skipped otherwise (minutes of CPU).
 */
@Tag("bench")
class SemanticBenchTest {

    @Test
    void measure() throws Exception {
        if (!Boolean.getBoolean("semantic.bench")) {
            return;
        }
        Embedder embedder = new Embedder(1, 1);
        String sentence = "Could you explain how the garbage collector in the Java virtual machine decides ";
        String short50 = sentence.repeat(3); // ~50 word pieces
        String long500 = sentence.repeat(30); // ~500 word pieces
        embedder.embed("warm up");
        System.out.println("BENCH model load ms " + embedder.loadMillis());
        for (String[] c : new String[][] {{"50-token", short50}, {"500-token", long500}}) {
            long[] t = new long[c[0].startsWith("50") ? 200 : 50];
            for (int i = 0; i < 5; i++) {
                embedder.embed(c[1]);
            }
            for (int i = 0; i < t.length; i++) {
                long s = System.nanoTime();
                embedder.embed(c[1] + i);
                t[i] = System.nanoTime() - s;
            }
            System.out.println(
                    String.format(Locale.ROOT, "BENCH embed %s p50 %.1f ms p99 %.1f ms", c[0], pct(t, 50), pct(t, 99)));
        }
        embedder.close();

        fillFromRedis(Integer.getInteger("semantic.bench.entries", 100_000));
    }

    private static void lookups(SemanticIndex index, Random random, int n, long now) {
        long[] t = new long[2000];
        for (int i = 0; i < t.length; i++) {
            float[] q = unit(random);
            long s = System.nanoTime();
            index.nearest("p", q, now);
            t[i] = System.nanoTime() - s;
        }
        System.out.println(String.format(
                Locale.ROOT, "BENCH lookup in %d entries p50 %.3f ms p99 %.3f ms", n, pct(t, 50), pct(t, 99)));
    }

    /**
     * A replica starting on a Redis stream of {@code n} entries of one partition (a stream of the bench's own, deleted
     * after): the time from start to every entry indexed and its graph built.
     */
    private static void fillFromRedis(int n) throws Exception {
        String stream = "aigw:bench:semantic:" + java.util.UUID.randomUUID();
        Random random = new Random(11);
        long expires = System.currentTimeMillis() + 3_600_000;
        try (dev.aigateway.testing.TestRedis redis = new dev.aigateway.testing.TestRedis()) {
            for (int from = 0; from < n; from += 1000) {
                java.util.List<io.vertx.redis.client.Request> batch = new java.util.ArrayList<>();
                for (int i = from; i < Math.min(n, from + 1000); i++) {
                    batch.add(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XADD)
                            .arg(stream)
                            .arg("*")
                            .arg("g")
                            .arg("bench")
                            .arg("p")
                            .arg("p")
                            .arg("i")
                            .arg("id-" + i)
                            .arg("x")
                            .arg(expires)
                            .arg("v")
                            .arg(io.vertx.core.buffer.Buffer.buffer(SemanticStore.bytes(unit(random)))));
                }
                redis.client()
                        .batch(batch)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            SemanticCache cache = new SemanticCache(
                    new Embedder(1, 1),
                    new dev.aigateway.redis.RedisCalls(redis.client(), redis.vertx()),
                    new dev.aigateway.metrics.GatewayMetrics(
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                    redis.vertx(),
                    SemanticReplicaTest.config(),
                    g -> n,
                    stream);
            try {
                System.gc();
                long before = used();
                cache.start();
                while (!cache.filled()) {
                    Thread.sleep(100);
                }
                System.out.println(String.format(
                        Locale.ROOT,
                        "BENCH fill from Redis: %d entries of one partition indexed (graph built: %s) in %.1f s",
                        cache.size(),
                        cache.index().partition("p").hasGraph(),
                        cache.fillMillis() / 1e3));
                System.gc();
                long after = used();
                System.out.println(String.format(
                        Locale.ROOT,
                        "BENCH heap of the filled index: %.1f MiB (%.0f bytes per entry)",
                        (after - before) / 1048576.0,
                        (after - before) / (double) n));
                lookups(cache.index(), new Random(5), n, System.currentTimeMillis());
            } finally {
                cache.close();
            }
        } finally {
            try (dev.aigateway.testing.TestRedis redis = new dev.aigateway.testing.TestRedis()) {
                redis.send(io.vertx.redis.client.Command.DEL, stream);
            }
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static float[] unit(Random random) {
        float[] v = new float[Embedder.DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }
}
