package dev.aigateway.config;

/**
 * What a gateway's semantic cache does with a near-duplicate it finds: answer from it ({@code serve}), or only report
 * it ({@code shadow}: the provider is always called, the response says what would have been served).
 */
public enum SemanticMode implements Spelled {
    SERVE("serve"),
    SHADOW("shadow");

    private final String spelling;

    SemanticMode(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code semantic-cache.mode}. */
    public static final class Converter extends Spelled.Converter<SemanticMode> {
        public Converter() {
            super(values());
        }
    }
}
