package dev.aigateway.routing;

import java.util.Locale;
import java.util.Optional;

/** How the wait between attempts grows: Cloudflare's {@code constant}, {@code linear} and {@code exponential}. */
public enum Backoff {
    CONSTANT,
    LINEAR,
    EXPONENTIAL;

    /**
     * The wait before retry number {@code retry} (1 = the wait after the first attempt).
     *
     * @param base the configured delay in milliseconds
     */
    public long delayMillis(long base, int retry) {
        int n = Math.max(1, retry);
        return switch (this) {
            case CONSTANT -> base;
            case LINEAR -> base * n;
            case EXPONENTIAL -> base * (1L << Math.min(n - 1, 20));
        };
    }

    public static Optional<Backoff> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "constant" -> Optional.of(CONSTANT);
            case "linear" -> Optional.of(LINEAR);
            case "exponential" -> Optional.of(EXPONENTIAL);
            default -> Optional.empty();
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
