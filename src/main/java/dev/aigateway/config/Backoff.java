package dev.aigateway.config;

import java.util.Optional;

/** How the wait between attempts grows: Cloudflare's {@code constant}, {@code linear} and {@code exponential}. */
public enum Backoff implements Spelled {
    CONSTANT("constant"),
    LINEAR("linear"),
    EXPONENTIAL("exponential");

    private final String spelling;

    Backoff(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

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

    /** The backoff a header such as {@code cf-aig-backoff} names; empty for a missing or unknown word. */
    public static Optional<Backoff> parse(String value) {
        return Spelled.parse(values(), value);
    }

    /** Reads {@code retry-backoff}. */
    public static final class Converter extends Spelled.Converter<Backoff> {
        public Converter() {
            super(values());
        }
    }
}
