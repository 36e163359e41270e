package dev.aigateway.config;

/** What a spend limit does with a request whose price the catalogue does not know. */
public enum UnknownPrice implements Spelled {
    /** Let it through; it counts 0 against the budget. */
    ALLOW("allow"),
    /** Refuse it (403, code 2122) without calling the provider. */
    REFUSE("refuse");

    private final String spelling;

    UnknownPrice(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code spend-limits.<rule>.unknown-price}. */
    public static final class Converter extends Spelled.Converter<UnknownPrice> {
        public Converter() {
            super(values());
        }
    }
}
