package dev.aigateway.ratelimit;

/**
 * The tokens a request reserves on a token limit before the provider reports its usage: about one token per 4 bytes
 * of request body, plus the output the request allows ({@code max_tokens} and friends) or, without one, a configured
 * allowance. Saturating: any input, however large, gives a value in 0 … {@link #MAX}.
 */
public final class TokenEstimate {

    /** Reserved for the output of a request that does not cap it ({@code gateway.rate-limit.default-output-tokens}). */
    public static final long DEFAULT_OUTPUT_TOKENS = 1024;

    /** Largest reservation: exact in Redis's Lua numbers (doubles) and far beyond any real budget. */
    public static final long MAX = 1_000_000_000_000_000L;

    private TokenEstimate() {}

    /**
     * @param maxOutputTokens the request's output cap, negative when it has none
     */
    public static long of(long bodyBytes, long maxOutputTokens, long defaultOutputTokens) {
        long prompt = clamp(bodyBytes) / 4 + (clamp(bodyBytes) % 4 == 0 ? 0 : 1);
        long output = maxOutputTokens < 0 ? clamp(defaultOutputTokens) : clamp(maxOutputTokens);
        return Math.min(MAX, prompt + output);
    }

    /** {@code tokens} within 0 … {@link #MAX}. */
    public static long clamp(long tokens) {
        return Math.max(0, Math.min(MAX, tokens));
    }
}
