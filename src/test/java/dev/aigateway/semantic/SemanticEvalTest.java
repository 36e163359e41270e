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
 * The quality of the semantic cache's decision on the project's two evaluation sets — {@code semantic/eval.jsonl}, the
 * tuning set (the default threshold and the exact guards were chosen looking at it), and {@code semantic/heldout.jsonl},
 * the held-out set (written afterwards on other prompts, never used to choose either) — each with pairs of prompts
 * that should share an answer (paraphrases, word order, typos, politeness, case) and pairs that must not (other
 * entities, operations, negations, numbers, languages, one changed code token, other topics): precision and recall of
 * "similarity ≥ threshold and the guards agree" over a range of thresholds on both (printed: the README's curve), and
 * precision ≥ 99 % at the default threshold on both.
 */
// In the Quarkus application's class loader, as SemanticCacheTest: the tokenizer's native library loads once per JVM
// and class loader, so every test that embeds runs in the same one.
@io.quarkus.test.junit.QuarkusTest
class SemanticEvalTest {

    record Pair(String a, String b, boolean match, String kind) {}

    static List<Pair> pairs(String resource) throws Exception {
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(SemanticEvalTest.class.getResourceAsStream(resource)),
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

    /** What the cache decides on for each pair: the embedding alone, and with the exact guards (-1: refused). */
    record Scores(List<Pair> pairs, double[] raw, double[] guarded) {}

    private static Scores score(Embedder embedder, List<Pair> pairs) {
        double[] similarity = new double[pairs.size()];
        double[] raw = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            raw[i] = cosine(embedder.embed(p.a()), embedder.embed(p.b()));
            // what the cache decides on: the similarity, unless the exact guards refuse the pair
            similarity[i] = SemanticGuard.compatible(p.a(), p.b()) ? raw[i] : -1;
        }
        return new Scores(pairs, raw, similarity);
    }

    /** The sets, in the order they were written. */
    static final List<String[]> SETS = List.of(
            new String[] {"tuning set (eval.jsonl)", "/semantic/eval.jsonl"},
            new String[] {"held-out set (heldout.jsonl)", "/semantic/heldout.jsonl"},
            new String[] {"blind set (blind.jsonl)", "/semantic/blind.jsonl"});

    @Test
    void precisionAtTheDefaultThresholdIsAtLeast99PercentOnEverySet() throws Exception {
        List<List<Pair>> sets = new ArrayList<>();
        for (String[] set : SETS) {
            List<Pair> pairs = pairs(set[1]);
            assertThat(pairs.stream().filter(Pair::match).count()).as(set[0]).isGreaterThanOrEqualTo(300);
            assertThat(pairs.stream().filter(p -> !p.match()).count())
                    .as(set[0])
                    .isGreaterThanOrEqualTo(300);
            sets.add(pairs);
        }

        Embedder embedder = new Embedder(1, 1);
        List<Scores> scores = new ArrayList<>();
        try {
            for (List<Pair> pairs : sets) {
                scores.add(score(embedder, pairs));
            }
        } finally {
            embedder.close();
        }
        for (int i = 0; i < SETS.size(); i++) {
            report(SETS.get(i)[0], scores.get(i));
        }
        StringBuilder all = new StringBuilder(
                "\nEvery set, with the exact guards (precision / recall, false hits):\n| threshold |");
        SETS.forEach(set -> all.append(' ').append(set[0]).append(" |"));
        all.append("\n|---|").append("---|".repeat(SETS.size())).append('\n');
        for (int t = 80; t <= 99; t++) {
            double threshold = t / 100.0;
            all.append(String.format(Locale.ROOT, "| %.2f |", threshold));
            for (Scores s : scores) {
                all.append(' ').append(cell(s.pairs(), s.guarded(), threshold)).append(" |");
            }
            all.append('\n');
        }
        System.out.println(all);

        double threshold = SemanticCacheSettings.OFF.threshold();
        for (int i = 0; i < SETS.size(); i++) {
            Scores s = scores.get(i);
            System.out.printf(
                    Locale.ROOT,
                    "Default threshold %.2f, %s: precision %.4f recall %.4f%n",
                    threshold,
                    SETS.get(i)[0],
                    precision(s.pairs(), s.guarded(), threshold),
                    recall(s.pairs(), s.guarded(), threshold));
        }
        for (int i = 0; i < SETS.size(); i++) {
            Scores s = scores.get(i);
            assertThat(precision(s.pairs(), s.guarded(), threshold))
                    .as(SETS.get(i)[0] + ": precision at the default threshold")
                    .isGreaterThanOrEqualTo(0.99);
            assertThat(counts(s.pairs(), s.guarded(), threshold)[0])
                    .as(SETS.get(i)[0] + ": it matches something")
                    .isPositive();
        }
    }

    private static void report(String name, Scores s) {
        List<Pair> pairs = s.pairs();
        StringBuilder rawCurve = new StringBuilder("\n" + name
                + ", embedding alone:\n| threshold | precision | recall | false hits |\n|---|---|---|---|\n");
        for (int t = 80; t <= 99; t++) {
            rawCurve.append(row(pairs, s.raw(), t / 100.0));
        }
        System.out.println(rawCurve);
        StringBuilder refused = new StringBuilder(name + ", matching pairs the guards refuse:\n");
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.get(i).match() && s.guarded()[i] < 0) {
                refused.append(pairs.get(i).kind() + " | " + pairs.get(i).a() + " | "
                        + pairs.get(i).b() + "\n");
            }
        }
        System.out.println(refused);

        StringBuilder curve = new StringBuilder("\n" + name
                + ", with the exact guards:\n| threshold | precision | recall | false hits |\n|---|---|---|---|\n");
        for (int t = 80; t <= 99; t++) {
            curve.append(row(pairs, s.guarded(), t / 100.0));
        }
        System.out.println(curve);
        StringBuilder worst = new StringBuilder(name + ", closest non-matching pairs:\n");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (!pairs.get(i).match()) {
                order.add(i);
            }
        }
        double[] similarity = s.guarded();
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
    }

    private static double precision(List<Pair> pairs, double[] similarity, double threshold) {
        int[] c = counts(pairs, similarity, threshold);
        return c[0] + c[1] == 0 ? 1 : c[0] / (double) (c[0] + c[1]);
    }

    private static double recall(List<Pair> pairs, double[] similarity, double threshold) {
        int[] c = counts(pairs, similarity, threshold);
        return c[0] / (double) c[2];
    }

    private static String cell(List<Pair> pairs, double[] similarity, double threshold) {
        return String.format(
                Locale.ROOT,
                "%.1f %% / %.1f %%, %d",
                100 * precision(pairs, similarity, threshold),
                100 * recall(pairs, similarity, threshold),
                counts(pairs, similarity, threshold)[1]);
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
