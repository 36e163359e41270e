package dev.aigateway.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * The entries of one partition in an in-memory HNSW graph (Lucene's {@link HnswGraphBuilder}, built incrementally;
 * unit vectors compared by dot product, which is their cosine). Removed entries stay in the graph as non-accepted
 * nodes until they outnumber the live ones; then the graph is rebuilt from the live ones. Thread-safe: every method
 * holds this object's lock (a search is a fraction of a millisecond).
 */
final class PartitionIndex {

    /** Neighbours per node, and the candidates kept while inserting: Lucene's defaults. */
    static final int MAX_CONN = 16;

    static final int BEAM_WIDTH = 100;
    /** Nearest candidates a search returns (the first live, unexpired one is taken). */
    private static final int TOP_K = 4;

    private List<float[]> vectors = new ArrayList<>();
    private List<SemanticEntry> entries = new ArrayList<>();
    private FixedBitSet live = new FixedBitSet(16);
    private int liveCount;
    private HnswGraphBuilder builder;

    synchronized void add(SemanticEntry entry, float[] vector) {
        int ord = vectors.size();
        vectors.add(vector);
        entries.add(entry);
        entry.ord = ord;
        live = FixedBitSet.ensureCapacity(live, ord + 1);
        live.set(ord);
        liveCount++;
        try {
            if (builder == null) {
                builder = HnswGraphBuilder.create(
                        DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                                VectorSimilarityFunction.DOT_PRODUCT, values()),
                        MAX_CONN,
                        BEAM_WIDTH,
                        42);
            }
            builder.addGraphNode(ord);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The closest live entry not expired at {@code now} with its cosine similarity; null when there is none. */
    synchronized Match nearest(float[] query, long now) {
        if (liveCount == 0 || builder == null) {
            return null;
        }
        try {
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
                    VectorSimilarityFunction.DOT_PRODUCT, values(), query);
            TopDocs top = HnswGraphSearcher.search(scorer, TOP_K, builder.getGraph(), live, Integer.MAX_VALUE)
                    .topDocs();
            for (ScoreDoc d : top.scoreDocs) {
                SemanticEntry e = entries.get(d.doc);
                if (e.expiresAtMillis > now) {
                    return new Match(e, 2 * d.score - 1); // DOT_PRODUCT scores (1 + cos) / 2
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes an entry (it is no longer returned); the graph is rebuilt when most of its nodes are removed ones. */
    synchronized void remove(SemanticEntry entry) {
        int ord = entry.ord;
        if (ord < 0 || ord >= entries.size() || entries.get(ord) != entry || !live.get(ord)) {
            return;
        }
        live.clear(ord);
        liveCount--;
        if (liveCount == 0) {
            vectors = new ArrayList<>();
            entries = new ArrayList<>();
            live = new FixedBitSet(16);
            builder = null;
        } else if (entries.size() > 64 && liveCount < entries.size() / 2) {
            rebuild();
        }
    }

    private void rebuild() {
        List<float[]> oldVectors = vectors;
        List<SemanticEntry> oldEntries = entries;
        FixedBitSet oldLive = live;
        vectors = new ArrayList<>(liveCount);
        entries = new ArrayList<>(liveCount);
        live = new FixedBitSet(Math.max(16, liveCount));
        liveCount = 0;
        builder = null;
        for (int i = 0; i < oldEntries.size(); i++) {
            if (oldLive.get(i)) {
                add(oldEntries.get(i), oldVectors.get(i));
            }
        }
    }

    synchronized int size() {
        return liveCount;
    }

    private RandomAccessVectorValues.Floats values() {
        return RandomAccessVectorValues.fromFloats(vectors, Embedder.DIMENSIONS);
    }

    /** A found entry and its cosine similarity to the query. */
    record Match(SemanticEntry entry, double similarity) {}
}
