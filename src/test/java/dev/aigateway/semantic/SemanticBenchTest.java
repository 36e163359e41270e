package dev.aigateway.semantic;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures (prints, asserts nothing): embedding time p50/p99 for a ~50-token and a ~500-token prompt, lookup p99 in
 * one partition of 100,000 entries, and the heap those entries take. Run alone:
 * {@code ./mvnw -o test -Dtest=SemanticBenchTest -Dsemantic.bench=true}; skipped otherwise (minutes of CPU).
 */
@Tag("bench")
class SemanticBenchTest {

    @Test
    void measure() {
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

        int n = 100_000;
        Random random = new Random(7);
        System.gc();
        long before = used();
        SemanticIndex index = new SemanticIndex();
        long now = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            index.add("g", "p", "id-" + i, unit(random), now + 3_600_000, n, now);
        }
        long build = System.nanoTime() - start;
        System.gc();
        long after = used();
        System.out.println(String.format(
                Locale.ROOT,
                "BENCH index %d entries: built in %.1f s, heap %.1f MiB (%.0f bytes per entry)",
                n,
                build / 1e9,
                (after - before) / 1048576.0,
                (after - before) / (double) n));
        long[] t = new long[2000];
        for (int i = 0; i < t.length; i++) {
            float[] q = unit(random);
            long s = System.nanoTime();
            index.nearest("p", q, now);
            t[i] = System.nanoTime() - s;
        }
        System.out.println(String.format(
                Locale.ROOT, "BENCH lookup in %d entries p50 %.3f ms p99 %.3f ms", n, pct(t, 50), pct(t, 99)));
        System.out.println("BENCH entries " + index.size());
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
