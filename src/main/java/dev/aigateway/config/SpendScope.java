package dev.aigateway.config;

/** How a spend limit's dimension (provider, model or a metadata key) scopes its budget. */
public enum SpendScope implements Spelled {
    /** Every value has its own budget (each user, each model...). */
    SPLIT("split"),
    /** Only requests with the given value count (and are limited); others pass this rule untouched. */
    FILTER("filter");

    private final String spelling;

    SpendScope(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code spend-limits.<rule>.<dimension>.mode}. */
    public static final class Converter extends Spelled.Converter<SpendScope> {
        public Converter() {
            super(values());
        }
    }
}
