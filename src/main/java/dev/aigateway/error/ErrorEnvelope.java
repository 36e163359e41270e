package dev.aigateway.error;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Cloudflare's envelope for gateway-made errors: {@code {"success":false,...,"name":"AiGatewayError"}}. */
public final class ErrorEnvelope {

    private ErrorEnvelope() {}

    public static Buffer render(GatewayError error, String message) {
        return render(error, message, error.httpStatus());
    }

    /** The envelope with an HTTP status other than the error's usual one (e.g. 405 for an unknown method). */
    public static Buffer render(GatewayError error, String message, int httpStatus) {
        return new JsonObject()
                .put("success", false)
                .put("result", new JsonArray())
                .put("messages", new JsonArray())
                .put(
                        "error",
                        new JsonArray()
                                .add(new JsonObject().put("code", error.code()).put("message", message)))
                .put("name", "AiGatewayError")
                .put("httpCode", httpStatus)
                .put("internalCode", error.code())
                .put("message", message)
                .toBuffer();
    }
}
