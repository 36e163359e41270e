package dev.aigateway.config;

/** How a rate limit counts: windows aligned to the clock, or a trailing interval. */
public enum RateLimitTechnique implements Spelled {
    FIXED("fixed"),
    SLIDING("sliding");

    private final String spelling;

    RateLimitTechnique(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code rate-limiting-technique} and {@code limits.<rule>.technique}. */
    public static final class Converter extends Spelled.Converter<RateLimitTechnique> {
        public Converter() {
            super(values());
        }
    }
}
