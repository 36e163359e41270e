package dev.aigateway.logs;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cf-aig-metadata}: a flat JSON object of up to 5 entries (extra entries dropped, first five kept), values
 * string, number or boolean; keys starting {@code cf.} are reserved and dropped; a nested value or invalid JSON makes
 * the whole header ignored. A header that is otherwise valid but carries what cannot be stored (a NUL character, a key
 * over {@value #MAX_KEY_LENGTH} or a string over {@value #MAX_VALUE_LENGTH} characters, a number beyond double range)
 * is refused with 400 by {@link #validate}.
 */
public final class Metadata {

    public static final String HEADER = "cf-aig-metadata";
    public static final int MAX_ENTRIES = 5;
    public static final int MAX_KEY_LENGTH = 256;
    public static final int MAX_VALUE_LENGTH = 4096;

    private Metadata() {}

    /** The kept entries, in order; empty when the header is absent or invalid. */
    public static Map<String, Object> parse(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        JsonObject json;
        try {
            json = new JsonObject(header);
        } catch (DecodeException | ClassCastException e) {
            return Map.of();
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                return Map.of(); // nested objects, arrays or null: the header is ignored
            }
            if (kept.size() < MAX_ENTRIES && !e.getKey().startsWith("cf.")) {
                kept.put(e.getKey(), v);
            }
        }
        return kept;
    }

    /**
     * The kept entries ({@link #parse}), refusing (400) a header whose entries could not be stored as sent; absent or
     * ignored headers give an empty map.
     */
    public static Map<String, Object> validate(String header) {
        Map<String, Object> kept = parse(header);
        for (Map.Entry<String, Object> e : kept.entrySet()) {
            String problem = problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new GatewayException(GatewayError.BAD_REQUEST, "Invalid " + HEADER + ": " + problem);
            }
        }
        return kept;
    }

    /** What is wrong with one entry, or null. */
    public static String problem(String key, Object value) {
        if (key.indexOf('\0') >= 0 || (value instanceof String s && s.indexOf('\0') >= 0)) {
            return "keys and values must not contain NUL (\\u0000) characters";
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return "keys must be at most " + MAX_KEY_LENGTH + " characters";
        }
        if (value instanceof String s && s.length() > MAX_VALUE_LENGTH) {
            return "string values must be at most " + MAX_VALUE_LENGTH + " characters";
        }
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            return "numbers must be finite";
        }
        return null;
    }
}
