package dev.aigateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index on its own: a gateway keeps its {@code max-entries} least recently used first (a hit refreshes an entry),
 * expired entries are never found and are swept, small partitions are searched exactly, large ones through a graph
 * (built entry by entry, or in bulk at the end of the start-up fill) that finds what an exact search finds, and a
 * partition that lost most of its entries is compacted without losing the rest.
 */
class SemanticIndexTest {

    private final Random random = new Random(3);
    private final long now = System.currentTimeMillis();
    private static final long HOUR = 3_600_000;

    private float[] unit() {
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

    private static String found(SemanticIndex index, String partition, float[] query, long at) {
        PartitionIndex.Match m = index.nearest(partition, query, at);
        return m == null ? null : m.entry().id;
    }

    @Test
    void beyondMaxEntriesTheLeastRecentlyUsedGoesAndAHitRefreshesAnEntry() {
        SemanticIndex index = new SemanticIndex();
        float[] a = unit();
        float[] b = unit();
        float[] c = unit();
        index.add("g", "p", "a", a, now + HOUR, 2, now);
        index.add("g", "p", "b", b, now + HOUR, 2, now);
        index.touch(index.nearest("p", a, now).entry()); // a hit on a: b is now the least recently used

        index.add("g", "p", "c", c, now + HOUR, 2, now);

        assertThat(index.size("g")).isEqualTo(2);
        assertThat(found(index, "p", a, now)).isEqualTo("a");
        assertThat(found(index, "p", c, now)).isEqualTo("c");
        assertThat(found(index, "p", b, now))
                .as("b evicted: its nearest is another entry")
                .isNotEqualTo("b");
    }

    @Test
    void anotherGatewaysEntriesDoNotCountAgainstMaxEntries() {
        SemanticIndex index = new SemanticIndex();
        float[] a = unit();
        index.add("g", "p", "a", a, now + HOUR, 1, now);
        index.add("h", "q", "b", unit(), now + HOUR, 1, now);

        assertThat(found(index, "p", a, now)).isEqualTo("a");
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void expiredEntriesAreNeverFoundAndAreSwept() {
        SemanticIndex index = new SemanticIndex();
        float[] shortLived = unit();
        index.add("g", "p", "short", shortLived, now + 1000, 10, now);
        index.add("g", "p", "long", unit(), now + HOUR, 10, now);
        index.add("g", "p", "gone", unit(), now - 1, 10, now);

        assertThat(found(index, "p", shortLived, now)).isEqualTo("short");
        assertThat(found(index, "p", shortLived, now + 2000)).isEqualTo("long");
        assertThat(index.size("g")).isEqualTo(2);

        index.sweep(now + 2000);

        assertThat(index.size("g")).isEqualTo(1);
    }

    @Test
    void largePartitionsAreSearchedThroughAGraphThatFindsTheExactNearest() {
        int n = PartitionIndex.GRAPH_MIN + 500;
        SemanticIndex live = new SemanticIndex(); // entry by entry, as replicas add them
        SemanticIndex filled = new SemanticIndex(); // the start-up fill: one bulk build at its end
        filled.filling(true);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = unit();
            vectors.add(v);
            live.add("g", "p", "e" + i, v, now + HOUR, n, now);
            filled.add("g", "p", "e" + i, v, now + HOUR, n, now);
        }
        assertThat(filled.partition("p").hasGraph())
                .as("no graph while filling")
                .isFalse();
        filled.filling(false);

        assertThat(live.partition("p").hasGraph()).isTrue();
        assertThat(filled.partition("p").hasGraph()).isTrue();
        int asked = 0;
        int liveFound = 0;
        int filledFound = 0;
        for (int i = 0; i < n; i += 7) {
            asked++;
            PartitionIndex.Match m = live.nearest("p", vectors.get(i), now);
            liveFound += m.entry().id.equals("e" + i) ? 1 : 0;
            assertThat(m.similarity()).isLessThanOrEqualTo(1.0001);
            filledFound += ("e" + i).equals(found(filled, "p", vectors.get(i), now)) ? 1 : 0;
        }
        // approximate (a graph), on random vectors — the hardest case; real prompts cluster
        assertThat(liveFound).as("stored prompts found by themselves").isGreaterThanOrEqualTo(asked * 95 / 100);
        assertThat(filledFound).as("stored prompts found by themselves").isGreaterThanOrEqualTo(asked * 95 / 100);
    }

    @Test
    void aPartitionThatLostMostEntriesIsCompactedAndKeepsTheRest() {
        SemanticIndex index = new SemanticIndex();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            float[] v = unit();
            vectors.add(v);
            index.add("g", "p", "e" + i, v, i % 4 == 0 ? now + HOUR : now + 1000, 1000, now);
        }

        index.sweep(now + 2000); // three in four expire

        assertThat(index.size("g")).isEqualTo(50);
        assertThat(index.partition("p").sparse()).as("compacted").isFalse();
        for (int i = 0; i < 200; i += 4) {
            assertThat(found(index, "p", vectors.get(i), now + 2000)).isEqualTo("e" + i);
        }
    }
}
