package dev.aigateway.usage;

/**
 * Token usage of one response, normalised across providers (providers.md §4): {@code input} counts every prompt token
 * (cache reads and writes included, whether or not the provider counts them inside its input figure) and
 * {@code output} every generated token (reasoning included, whether or not the provider counts it inside its output
 * figure).
 *
 * @param model the model the provider says answered, null when it did not say
 * @param input all prompt tokens
 * @param cachedRead prompt tokens read from the provider's cache (part of {@code input})
 * @param cacheWrite prompt tokens written to the provider's cache (part of {@code input})
 * @param output all generated tokens
 * @param reasoning reasoning ("thinking") tokens (part of {@code output})
 * @param raw the provider's own usage object, as JSON
 * @param cacheWrite1h prompt tokens written to the provider's cache for an hour rather than minutes (part of
 *     {@code cacheWrite}; some vendors bill them at a higher price)
 */
public record Usage(
        String model,
        long input,
        long cachedRead,
        long cacheWrite,
        long output,
        long reasoning,
        String raw,
        long cacheWrite1h) {

    public Usage(String model, long input, long cachedRead, long cacheWrite, long output, long reasoning, String raw) {
        this(model, input, cachedRead, cacheWrite, output, reasoning, raw, 0);
    }

    public long total() {
        return input + output;
    }

    /** Prompt tokens billed at the plain input price. */
    public long uncachedInput() {
        return Math.max(0, input - cachedRead - cacheWrite);
    }

    public Usage withModel(String m) {
        return m == null || m.equals(model)
                ? this
                : new Usage(m, input, cachedRead, cacheWrite, output, reasoning, raw, cacheWrite1h);
    }
}
