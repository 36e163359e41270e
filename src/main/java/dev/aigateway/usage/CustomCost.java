package dev.aigateway.usage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code cf-aig-custom-cost: {"per_token_in": …, "per_token_out": …, "per_cache_read_token"?: …,
 * "per_cache_write_token"?: …}} (USD per token): overrides the catalogue for one request (spec §7). When either cache
 * rate is given, cache pricing applies and an omitted one is the input rate; otherwise cost = input × in + output ×
 * out. Input here is every prompt token, so providers that count cache tokens inside or outside their input figure are
 * treated alike (no double counting). A header that is not such an object is ignored (as before); rates that are
 * negative or above {@value #MAX_RATE} USD per token are refused ({@link Invalid}: the gateway answers 400).
 */
public record CustomCost(
        BigDecimal perTokenIn, BigDecimal perTokenOut, BigDecimal perCacheRead, BigDecimal perCacheWrite) {

    public static final String HEADER = "cf-aig-custom-cost";

    /** USD per token at most (far above any model's price; keeps every cost inside the log's numeric column). */
    public static final String MAX_RATE = "1000";

    private static final BigDecimal MAX = new BigDecimal(MAX_RATE);

    /** A rate the gateway refuses: negative (negative spend) or absurdly large. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** Decimal rates are read as written ("unlimited decimals"), not through a double. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * The header's rates; null when it is absent or not a valid object with both plain rates.
     *
     * @throws Invalid when a rate is negative or above {@link #MAX_RATE}
     */
    public static CustomCost parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            JsonNode o = JSON.readTree(header);
            if (o == null || !o.isObject()) {
                return null;
            }
            BigDecimal in = dec(o, "per_token_in");
            BigDecimal out = dec(o, "per_token_out");
            if (in == null || out == null) {
                return null;
            }
            CustomCost cost = new CustomCost(in, out, dec(o, "per_cache_read_token"), dec(o, "per_cache_write_token"));
            check("per_token_in", in);
            check("per_token_out", out);
            check("per_cache_read_token", cost.perCacheRead());
            check("per_cache_write_token", cost.perCacheWrite());
            return cost;
        } catch (Invalid e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    public BigDecimal cost(Usage usage) {
        if (usage == null) {
            return null;
        }
        BigDecimal out = perTokenOut.multiply(BigDecimal.valueOf(usage.output()));
        if (perCacheRead == null && perCacheWrite == null) {
            return perTokenIn
                    .multiply(BigDecimal.valueOf(usage.input()))
                    .add(out)
                    .round(MathContext.DECIMAL64)
                    .stripTrailingZeros();
        }
        BigDecimal read = perCacheRead != null ? perCacheRead : perTokenIn;
        BigDecimal write = perCacheWrite != null ? perCacheWrite : perTokenIn;
        return perTokenIn
                .multiply(BigDecimal.valueOf(usage.uncachedInput()))
                .add(read.multiply(BigDecimal.valueOf(usage.cachedRead())))
                .add(write.multiply(BigDecimal.valueOf(usage.cacheWrite())))
                .add(out)
                .round(MathContext.DECIMAL64)
                .stripTrailingZeros();
    }

    private static void check(String field, BigDecimal rate) {
        if (rate != null && (rate.signum() < 0 || rate.compareTo(MAX) > 0)) {
            throw new Invalid(HEADER + ": " + field + " must be between 0 and " + MAX_RATE + " (USD per token)");
        }
    }

    private static BigDecimal dec(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            return new BigDecimal(v.asText().strip());
        }
        return null;
    }
}
