package dev.aigateway.config;

/** What a limit rule counts: requests, or prompt and completion tokens (reserved up front and settled). */
public enum LimitUnit implements Spelled {
    REQUESTS("requests"),
    TOKENS("tokens");

    private final String spelling;

    LimitUnit(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code limits.<rule>.unit}. */
    public static final class Converter extends Spelled.Converter<LimitUnit> {
        public Converter() {
            super(values());
        }
    }
}
