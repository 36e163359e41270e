package dev.aigateway.logs;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Makes a log row fit its columns whatever the request carried, so that PostgreSQL never refuses it for its data:
 * text without NUL characters (PostgreSQL text cannot hold U+0000), cut to the column's length; JSON without
 * escaped NUL characters (jsonb refuses them); a cost inside {@code numeric(24, 12)}.
 */
final class RowLimits {

    /** {@code numeric(24, 12)}: fewer than 12 digits before the point. */
    private static final BigDecimal MAX_COST = new BigDecimal("1e12");

    private RowLimits() {}

    /** {@code value} without NUL characters, at most {@code max} characters (never splitting a surrogate pair). */
    static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.indexOf('\0') >= 0 ? value.replace("\0", "") : value;
        if (v.length() <= max) {
            return v;
        }
        int end = Character.isHighSurrogate(v.charAt(max - 1)) ? max - 1 : max;
        return v.substring(0, end);
    }

    /** Unbounded text (a path): only NUL removed. */
    static String text(String value) {
        return text(value, Integer.MAX_VALUE);
    }

    /** A JSON document jsonb accepts: NUL removed from every string; null when it is not JSON. */
    static String json(String value) {
        if (value == null || !value.contains("\\u0000")) {
            return value;
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(value);
            return io.vertx.core.json.Json.encode(withoutNul(parsed));
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private static Object withoutNul(Object v) {
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof JsonObject o) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, Object> e : o) {
                out.put(text(e.getKey()), withoutNul(e.getValue()));
            }
            return out;
        }
        if (v instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(x -> out.add(withoutNul(x)));
            return out;
        }
        return v;
    }

    /** A cost the column can hold, else null (unknown): a custom cost can make any figure. */
    static BigDecimal cost(BigDecimal cost) {
        return cost == null || cost.abs().compareTo(MAX_COST) >= 0 ? null : cost;
    }
}
