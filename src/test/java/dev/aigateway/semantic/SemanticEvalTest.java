package dev.aigateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.gateway.SemanticCacheSettings;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The quality of the semantic cache's decision on the project's evaluation set ({@code semantic/eval.jsonl}: pairs of
 * prompts that should share an answer — paraphrases, word order, typos, politeness, case — and pairs that must not —
 * other entities, operations, negations, numbers, languages, one changed code token, other topics): precision and
 * recall of "similarity ≥ threshold" over a range of thresholds (printed: the README's curve), and precision ≥ 99 % at
 * the default threshold.
 */
// In the Quarkus application's class loader, as SemanticCacheTest: the tokenizer's native library loads once per JVM
// and class loader, so every test that embeds runs in the same one.
@io.quarkus.test.junit.QuarkusTest
class SemanticEvalTest {

    record Pair(String a, String b, boolean match, String kind) {}

    static List<Pair> pairs() throws Exception {
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(SemanticEvalTest.class.getResourceAsStream("/semantic/eval.jsonl")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonObject o = new JsonObject(line);
                    pairs.add(new Pair(o.getString("a"), o.getString("b"), o.getBoolean("match"), o.getString("kind")));
                }
            }
        }
        return pairs;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void precisionAtTheDefaultThresholdIsAtLeast99Percent() throws Exception {
        List<Pair> pairs = pairs();
        assertThat(pairs.stream().filter(Pair::match).count()).isGreaterThanOrEqualTo(300);
        assertThat(pairs.stream().filter(p -> !p.match()).count()).isGreaterThanOrEqualTo(300);

        Embedder embedder = new Embedder(1, 1);
        double[] similarity = new double[pairs.size()];
        double[] raw = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            raw[i] = cosine(embedder.embed(p.a()), embedder.embed(p.b()));
            // what the cache decides on: the similarity, unless the exact guards refuse the pair
            similarity[i] = SemanticGuard.compatible(p.a(), p.b()) ? raw[i] : -1;
        }
        StringBuilder rawCurve = new StringBuilder(
                "\nEmbedding alone:\n| threshold | precision | recall | false hits |\n|---|---|---|---|\n");
        for (int t = 80; t <= 99; t++) {
            rawCurve.append(row(pairs, raw, t / 100.0));
        }
        System.out.println(rawCurve);
        StringBuilder refused = new StringBuilder("Matching pairs the guards refuse:\n");
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).match() && similarity[i] < 0) {
                refused.append(pairs.get(i).kind() + " | " + pairs.get(i).a() + " | "
                        + pairs.get(i).b() + "\n");
            }
        }
        System.out.println(refused);

        StringBuilder curve = new StringBuilder(
                "\nWith the exact guards:\n| threshold | precision | recall | false hits |\n|---|---|---|---|\n");
        for (int t = 80; t <= 99; t++) {
            curve.append(row(pairs, similarity, t / 100.0));
        }
        System.out.println(curve);
        StringBuilder worst = new StringBuilder("Closest non-matching pairs:\n");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (!pairs.get(i).match()) {
                order.add(i);
            }
        }
        order.sort((x, y) -> Double.compare(similarity[y], similarity[x]));
        for (int i : order.subList(0, 15)) {
            worst.append(String.format(
                    Locale.ROOT,
                    "%.3f %s | %s | %s%n",
                    similarity[i],
                    pairs.get(i).kind(),
                    pairs.get(i).a(),
                    pairs.get(i).b()));
        }
        System.out.println(worst);

        double threshold = SemanticCacheSettings.OFF.threshold();
        int[] counts = counts(pairs, similarity, threshold);
        double precision = counts[0] / (double) Math.max(1, counts[0] + counts[1]);
        System.out.printf(
                Locale.ROOT,
                "Default threshold %.2f: precision %.4f, recall %.4f%n",
                threshold,
                precision,
                counts[0] / (double) counts[2]);
        assertThat(precision).isGreaterThanOrEqualTo(0.99);
        assertThat(counts[0]).as("it matches something").isPositive();
    }

    /** true positives, false positives, positives */
    private static int[] counts(List<Pair> pairs, double[] similarity, double threshold) {
        int tp = 0;
        int fp = 0;
        int positives = 0;
        for (int i = 0; i < pairs.size(); i++) {
            boolean hit = similarity[i] >= threshold;
            if (pairs.get(i).match()) {
                positives++;
                tp += hit ? 1 : 0;
            } else {
                fp += hit ? 1 : 0;
            }
        }
        return new int[] {tp, fp, positives};
    }

    private static String row(List<Pair> pairs, double[] similarity, double threshold) {
        int[] c = counts(pairs, similarity, threshold);
        double precision = c[0] + c[1] == 0 ? 1 : c[0] / (double) (c[0] + c[1]);
        return String.format(
                Locale.ROOT,
                "| %.2f | %.1f %% | %.1f %% | %d |%n",
                threshold,
                100 * precision,
                100.0 * c[0] / c[2],
                c[1]);
    }
}
