package dev.aigateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Cloudflare's v4 API envelope: {@code {success, errors, messages, result}}. */
public final class V4Envelope {

    private V4Envelope() {}

    public static Response ok(Object result) {
        return ok(result, null);
    }

    /** A list result with Cloudflare's {@code result_info} (page, per_page, count, total_count, ...). */
    public static Response ok(Object result, JsonObject resultInfo) {
        JsonObject body = new JsonObject()
                .put("success", true)
                .put("errors", new JsonArray())
                .put("messages", new JsonArray())
                .put("result", result);
        if (resultInfo != null) {
            body.put("result_info", resultInfo);
        }
        return Response.ok(body.encode(), MediaType.APPLICATION_JSON).build();
    }

    /** A positive whole-number query parameter ({@code page}, {@code per_page}, {@code limit}), capped at {@code max}. */
    public static int positive(String value, int fallback, int max, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return Math.min(n, max);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a positive integer");
    }

    public static Response error(int status, int code, String message) {
        JsonObject body = new JsonObject()
                .put("success", false)
                .put(
                        "errors",
                        new JsonArray().add(new JsonObject().put("code", code).put("message", message)))
                .put("messages", new JsonArray())
                .putNull("result");
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body.encode())
                .build();
    }
}
