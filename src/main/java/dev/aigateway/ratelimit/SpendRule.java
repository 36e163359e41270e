package dev.aigateway.ratelimit;

import dev.aigateway.config.SpendScope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * One spend limit of a gateway: at most {@code budgetNanos} nano-dollars of provider cost per window, scoped by
 * provider, model and a metadata key (each split by value or filtered to one value). A plain value: built from a
 * gateway's settings by {@code gateway}; the limiter counts it as a {@link LimitRule} whose unit is money.
 *
 * @param id the rule's id (part of its Redis key; shown by the management API)
 * @param refuseUnknownPrice refuse a request whose price the catalogue lacks (else it passes and counts 0)
 * @param defaultMaxTokens output tokens reserved for a request without an output cap; negative: the limiter's default
 */
public record SpendRule(
        String id,
        long budgetNanos,
        long intervalMillis,
        boolean sliding,
        Dimension provider,
        Dimension model,
        Dimension metadata,
        boolean refuseUnknownPrice,
        long defaultMaxTokens) {

    /** Rules per gateway (Cloudflare's bound). */
    public static final int MAX_RULES = 20;
    /** Nano-dollars per dollar: amounts in Redis are whole numbers, never floats. */
    public static final long NANOS_PER_USD = 1_000_000_000L;
    /** Largest budget, USD: its nano-dollars stay exact in Redis's Lua numbers (doubles, 2^53). */
    public static final BigDecimal MAX_BUDGET_USD = BigDecimal.valueOf(1_000_000);

    /** A dimension: absent ({@link #NONE}), split by value, or filtered to one value. */
    public record Dimension(SpendScope scope, String key, String value) {

        public static final Dimension NONE = new Dimension(null, null, null);

        public boolean present() {
            return scope != null;
        }

        public boolean split() {
            return scope == SpendScope.SPLIT;
        }
    }

    /** The limiter's view: one counter per split value, the budget as its limit. */
    public LimitRule limitRule() {
        // ':' never appears in a LimitRule name, so a spend counter never shares a key with a request or token rule.
        return new LimitRule(
                "spend:" + id,
                new LimitRule.Identifier(LimitRule.Source.GATEWAY, ""),
                budgetNanos,
                intervalMillis,
                sliding,
                false,
                true);
    }

    /**
     * The split values naming this rule's counter for a request of this provider, model and metadata value: null
     * when the rule does not count the request (a filter it fails, or a split dimension it lacks), empty when no
     * dimension splits the rule (one counter).
     */
    public String counterId(String providerValue, String modelValue, String metadataValue) {
        StringBuilder split = new StringBuilder();
        if (!matches(provider, providerValue, "p", split)
                || !matches(model, modelValue, "m", split)
                || !matches(metadata, metadataValue, "u", split)) {
            return null;
        }
        return split.toString();
    }

    private static boolean matches(Dimension d, String value, String tag, StringBuilder split) {
        if (!d.present()) {
            return true;
        }
        if (value == null || value.isBlank()) {
            return false;
        }
        if (d.scope() == SpendScope.FILTER) {
            return d.value().equalsIgnoreCase(value.strip());
        }
        split.append(tag).append('=').append(value.strip()).append('\n');
        return true;
    }

    /** Dollars as nano-dollars (exact; a fraction of a nano-dollar rounds up). */
    public static long nanos(BigDecimal usd) {
        return usd.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Nano-dollars as dollars, for headers and the API. */
    public static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    }

    /** Builds and checks a rule; messages name the offending field (the caller adds the rule's path). */
    public static SpendRule of(
            String id,
            BigDecimal budgetUsd,
            long intervalSeconds,
            boolean sliding,
            Dimension provider,
            Dimension model,
            Dimension metadata,
            boolean refuseUnknownPrice,
            long defaultMaxTokens) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("id: letters, digits, '_', '.', '-' (at most 64)");
        }
        if (budgetUsd == null || budgetUsd.signum() < 0 || budgetUsd.compareTo(MAX_BUDGET_USD) > 0) {
            throw new IllegalArgumentException("budget must be between 0 and " + MAX_BUDGET_USD + " (USD)");
        }
        if (intervalSeconds <= 0 || intervalSeconds > 366L * 86_400) {
            throw new IllegalArgumentException("interval must be between 1 and 31622400 seconds");
        }
        check("provider", provider, false);
        check("model", model, false);
        check("metadata", metadata, true);
        return new SpendRule(
                id,
                nanos(budgetUsd),
                intervalSeconds * 1000,
                sliding,
                lower(provider),
                model,
                metadata,
                refuseUnknownPrice,
                defaultMaxTokens);
    }

    private static Dimension lower(Dimension d) {
        return d.value() == null
                ? d
                : new Dimension(d.scope(), d.key(), d.value().toLowerCase(Locale.ROOT));
    }

    private static void check(String field, Dimension d, boolean keyed) {
        if (!d.present()) {
            return;
        }
        if (d.scope() == SpendScope.FILTER && (d.value() == null || d.value().isBlank())) {
            throw new IllegalArgumentException(field + ".value is required when its mode is filter");
        }
        if (d.scope() == SpendScope.SPLIT && d.value() != null) {
            throw new IllegalArgumentException(field + ".value is only for mode filter");
        }
        if (keyed && (d.key() == null || d.key().isBlank())) {
            throw new IllegalArgumentException(field + ".key (the cf-aig-metadata key) is required");
        }
        if (!keyed && d.key() != null) {
            throw new IllegalArgumentException(field + ".key is only for the metadata dimension");
        }
    }
}
