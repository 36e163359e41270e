package dev.aigateway.semantic;

/** The response headers of the semantic cache (beside {@code cf-aig-cache-status}). */
public final class SemanticHeaders {

    /** {@code semantic} on a hit served by the semantic cache. */
    public static final String MATCH = "cf-aig-cache-match";
    /** The stored prompt's cosine similarity to the request's, three decimals ({@code 0.934}), on a semantic hit. */
    public static final String SIMILARITY = "cf-aig-cache-similarity";
    /** Shadow mode: {@code HIT;similarity=0.934} when the semantic cache would have served the request. */
    public static final String SHADOW = "cf-aig-cache-shadow";

    private SemanticHeaders() {}
}
