package dev.aigateway.semantic;

import dev.aigateway.cache.CachedResponse;

/**
 * What a semantic lookup found.
 *
 * @param kind what happens next
 * @param query the request's partition and text (null when skipped or not qualified)
 * @param vector the text's embedding (null when skipped or not qualified): stored with the response on a miss
 * @param response the stored response (a hit or a shadow hit)
 * @param similarity the nearest stored prompt's cosine similarity; NaN when there was none
 */
public record Probe(Kind kind, SemanticQuery query, float[] vector, CachedResponse response, double similarity) {

    public enum Kind {
        /** Not looked up, nothing stored: the pool was full, or Redis failed. */
        SKIPPED,
        /** Not a text chat turn (an image, a tool result, not JSON): never compared by meaning. */
        NOT_QUALIFIED,
        /** Nothing close enough: the provider's response is stored under this query. */
        MISS,
        /** Served from the cache (serve mode). */
        HIT,
        /** Would have been served (shadow mode): the provider is called, nothing stored. */
        SHADOW_HIT
    }

    static final Probe SKIPPED = new Probe(Kind.SKIPPED, null, null, null, Double.NaN);
    static final Probe NOT_QUALIFIED = new Probe(Kind.NOT_QUALIFIED, null, null, null, Double.NaN);

    static Probe miss(SemanticQuery query, float[] vector, double similarity) {
        return new Probe(Kind.MISS, query, vector, null, similarity);
    }

    /** The similarity as the response headers show it: three decimals. */
    public String similarityText() {
        return String.format(java.util.Locale.ROOT, "%.3f", similarity);
    }

    /** Whether the provider's response is to be stored under this query. */
    public boolean stores() {
        return kind == Kind.MISS;
    }
}
