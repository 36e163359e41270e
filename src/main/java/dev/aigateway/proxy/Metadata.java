package dev.aigateway.proxy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cf-aig-metadata}: a flat JSON object of up to 5 entries (extra entries dropped, first five kept), values
 * string, number or boolean; keys starting {@code cf.} are reserved and dropped; a nested value or invalid JSON makes
 * the whole header ignored.
 */
public final class Metadata {

    public static final String HEADER = "cf-aig-metadata";
    public static final int MAX_ENTRIES = 5;

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
}
