package dev.aigateway.proxy;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.logs.Metadata;
import dev.aigateway.usage.CustomCost;
import io.vertx.core.MultiMap;

/**
 * The {@code cf-aig-*} request headers the gateway stores, checked before anything else happens: a value that could
 * not be stored as sent is refused with 400 rather than silently altered (Cloudflare's rule of ignoring an invalid
 * {@code cf-aig-metadata} / {@code cf-aig-custom-cost} object is kept for headers that are not valid objects).
 */
final class EdgeHeaders {

    /** {@code cf-aig-event-id}: at most this many characters, printable ASCII. */
    static final int MAX_EVENT_ID = 256;

    private EdgeHeaders() {}

    /** The stored headers' values, once checked and parsed: metadata entries (may be empty) and custom cost (or null). */
    record Checked(java.util.Map<String, Object> metadata, CustomCost customCost) {}

    /** No metadata, no custom cost: most requests (their checkers are not even loaded). */
    private static final Checked NONE = new Checked(java.util.Map.of(), null);

    static Checked check(MultiMap incoming) {
        eventId(incoming.get(RequestContext.EVENT_ID));
        String metadata = incoming.get(Metadata.HEADER);
        String cost = incoming.get(CustomCost.HEADER);
        if (metadata == null && cost == null) {
            return NONE;
        }
        try {
            return new Checked(Metadata.validate(metadata), CustomCost.parse(cost));
        } catch (CustomCost.Invalid e) {
            throw new GatewayException(GatewayError.BAD_REQUEST, "Invalid " + e.getMessage());
        }
    }

    static void eventId(String id) {
        if (id == null) {
            return;
        }
        if (id.length() > MAX_EVENT_ID) {
            throw new GatewayException(
                    GatewayError.BAD_REQUEST,
                    "Invalid " + RequestContext.EVENT_ID + ": at most " + MAX_EVENT_ID + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new GatewayException(
                        GatewayError.BAD_REQUEST,
                        "Invalid " + RequestContext.EVENT_ID + ": only printable ASCII characters are allowed");
            }
        }
    }
}
