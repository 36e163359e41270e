package dev.aigateway.logs;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a Logs API {@code PATCH} changes on one log: {@code feedback} (-1, 0, 1 or null), {@code score} (a number, stored
 * as an integer, or null) and {@code metadata} (a flat object under {@link Metadata}'s rules, or null). Fields absent
 * from the body stay as they are; a field present with null clears the column.
 */
public final class LogAnnotations {

    /** The columns a {@code PATCH} may set, in the order they are applied. */
    public enum Field {
        FEEDBACK,
        SCORE,
        METADATA
    }

    private final Map<Field, Object> changes;

    private LogAnnotations(Map<Field, Object> changes) {
        this.changes = Collections.unmodifiableMap(changes);
    }

    /**
     * The changes a {@code PATCH} body asks for; the value bound for each field is a {@code Short}, an {@code Integer}
     * or a JSON text, or null to clear it.
     *
     * @throws LogQuery.Invalid when the body is not a JSON object or a field has a value it cannot take
     */
    public static LogAnnotations parse(String body) {
        JsonObject json;
        try {
            json = new JsonObject(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            throw new LogQuery.Invalid("The body must be a JSON object");
        }
        Map<Field, Object> changes = new EnumMap<>(Field.class);
        if (json.containsKey("feedback")) {
            Object f = json.getValue("feedback");
            if (f != null
                    && !(f instanceof Number n && n.doubleValue() == n.intValue() && Math.abs(n.intValue()) <= 1)) {
                throw new LogQuery.Invalid("feedback must be -1, 0, 1 or null");
            }
            changes.put(Field.FEEDBACK, f == null ? null : (short) ((Number) f).intValue());
        }
        if (json.containsKey("score")) {
            Object s = json.getValue("score");
            if (s != null && !(s instanceof Number)) {
                throw new LogQuery.Invalid("score must be a number or null");
            }
            changes.put(Field.SCORE, s == null ? null : ((Number) s).intValue());
        }
        if (json.containsKey("metadata")) {
            changes.put(Field.METADATA, metadata(json.getValue("metadata")));
        }
        return new LogAnnotations(changes);
    }

    /** The metadata as stored (JSON text of the kept entries), or null. */
    private static String metadata(Object m) {
        if (m != null && !(m instanceof JsonObject)) {
            throw new LogQuery.Invalid("metadata must be a flat object or null");
        }
        Map<String, Object> flat = m == null ? Map.of() : Metadata.parse(((JsonObject) m).encode());
        if (m != null && flat.isEmpty() && !((JsonObject) m).isEmpty()) {
            throw new LogQuery.Invalid("metadata values must be strings, numbers or booleans");
        }
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String problem = Metadata.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new LogQuery.Invalid("metadata: " + problem);
            }
        }
        return flat.isEmpty() ? null : new JsonObject(flat).encode();
    }

    /** The fields to set and their values (null clears), in {@link Field} order. */
    public Map<Field, Object> changes() {
        return changes;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
