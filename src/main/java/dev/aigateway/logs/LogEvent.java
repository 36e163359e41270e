package dev.aigateway.logs;

import dev.aigateway.usage.CustomCost;
import dev.aigateway.usage.ResponseUsage;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything known about one finished request, handed from the request path to the log writer. Immutable but for the
 * usage read it refers to: a JSON response's usage and the cost are worked out by the writer, off the request path.
 *
 * @param usage the relayed response's one usage read (null: none was relayed, or nobody read it); asked by the writer
 * @param secrets credential values that must not be stored even if a body contains them
 * @param route the dynamic route of the attempt, else null
 * @param ingressFormat the format the client spoke when it was not the provider's (unified API), else null
 * @param cacheKind {@code exact} or {@code semantic} for a cache hit, {@code shadow} for a semantic cache's would-hit
 *     (shadow mode), else null
 * @param cacheSimilarity the nearest stored prompt's cosine similarity when the semantic cache looked, else null
 * @param keyAlias the stored-key alias or deployment a balanced attempt used (never the key), else null
 */
public record LogEvent(
        UUID id,
        Instant createdAt,
        String gatewayId,
        String provider,
        String path,
        String requestType,
        String requestModel,
        int status,
        boolean cached,
        int durationMs,
        Integer ttfbMs,
        String metadata,
        String requestContentType,
        String responseContentType,
        Integer step,
        Integer attempt,
        String eventId,
        boolean truncated,
        String userAgent,
        String errorClass,
        boolean authenticated,
        boolean storePayload,
        Buffer requestBody,
        boolean requestTruncated,
        Buffer responseBody,
        boolean responseTruncated,
        long requestSize,
        long responseSize,
        ResponseUsage usage,
        CustomCost customCost,
        List<String> secrets,
        String ingressFormat,
        LogRoute route,
        String cacheKind,
        Double cacheSimilarity,
        String keyAlias) {

    /**
     * What an event holds besides its bodies and strings: the record, its id, its time, boxed numbers, the list of
     * secrets and the usage read (measured on a 64-bit JVM with compressed pointers, LogEventBytesTest: a logged chat
     * event with its two small bodies holds ~1,120 bytes, one with a request body only ~650).
     */
    static final int FIXED_BYTES = 320;

    /** A body buffer's own objects around its bytes (a Vert.x buffer over a Netty heap buffer). */
    static final int BUFFER_BYTES = 96;

    /** A string's own objects around its characters (the string and its array's header). */
    static final int STRING_BYTES = 40;

    /**
     * About the memory this event holds while queued: its bodies, the response body its usage read keeps (once: a
     * one-chunk response is the same buffer as the payload's), its own strings and a fixed part. The log queue's byte
     * bound ({@code queue-max-bytes}) is counted in this figure; it does not change while the event waits.
     */
    public long bytes() {
        return FIXED_BYTES
                + body(requestBody)
                + body(responseBody)
                + (usage == null ? 0 : usage.heldBytesBesides(responseBody))
                + text(path)
                + text(metadata)
                + text(userAgent)
                + text(eventId)
                + text(requestModel)
                + text(requestContentType)
                + text(responseContentType)
                + text(errorClass);
    }

    private static long body(Buffer b) {
        return b == null ? 0 : BUFFER_BYTES + b.length();
    }

    /** Compact strings: a byte per character (Latin-1 text, as these mostly are; other text takes two). */
    private static long text(String s) {
        return s == null ? 0 : STRING_BYTES + s.length();
    }

    /** The same row without its bodies (no payload; usage only if it keeps no body to parse it from). */
    public LogEvent withoutBodies() {
        return new LogEvent(
                id,
                createdAt,
                gatewayId,
                provider,
                path,
                requestType,
                requestModel,
                status,
                cached,
                durationMs,
                ttfbMs,
                metadata,
                requestContentType,
                responseContentType,
                step,
                attempt,
                eventId,
                truncated,
                userAgent,
                errorClass,
                authenticated,
                storePayload,
                null,
                requestTruncated,
                null,
                responseTruncated,
                requestSize,
                responseSize,
                usage == null || usage.heldBytes() > 0 ? null : usage,
                customCost,
                secrets,
                ingressFormat,
                route,
                cacheKind,
                cacheSimilarity,
                keyAlias);
    }
}
