package dev.aigateway.route;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What a route's conditions and keys read from a request: {@code metadata.<key>} (the checked {@code cf-aig-metadata}
 * entries), {@code headers.<name>} and body fields ({@code body.a.b}, or a bare {@code a.b}). The body is parsed only
 * when a condition asks for a body field, and at most once.
 */
public final class RouteInput {

    private final Map<String, Object> metadata;
    private final MultiMap headers;
    private final Buffer body;
    private JsonObject parsed;
    private boolean bodyRead;

    public RouteInput(Map<String, Object> metadata, MultiMap headers, Buffer body) {
        this.metadata = metadata == null ? Map.of() : metadata;
        this.headers = headers;
        this.body = body;
    }

    /** The value at {@code path}; null when the request has none there. */
    public Object field(String path) {
        if (path.startsWith("metadata.")) {
            return metadata.get(path.substring("metadata.".length()));
        }
        if (path.startsWith("headers.") || path.startsWith("header.")) {
            return headers == null ? null : headers.get(path.substring(path.indexOf('.') + 1));
        }
        String inBody = path.startsWith("body.") ? path.substring("body.".length()) : path;
        Object at = body();
        for (String part : inBody.split("\\.", -1)) {
            if (at instanceof JsonObject o) {
                at = o.getValue(part);
            } else if (at instanceof JsonArray a && part.matches("\\d{1,6}")) {
                int i = Integer.parseInt(part);
                at = i < a.size() ? a.getValue(i) : null;
            } else {
                return null;
            }
        }
        return at;
    }

    /** The value at {@code path} as text (a key's value); null when absent. */
    public String text(String path) {
        Object v = field(path);
        return v == null ? null : String.valueOf(v);
    }

    private JsonObject body() {
        if (!bodyRead) {
            bodyRead = true;
            try {
                parsed = body == null || body.length() == 0 ? null : new JsonObject(body);
            } catch (RuntimeException e) {
                parsed = null; // not a JSON object: no body field matches
            }
        }
        return parsed;
    }
}
