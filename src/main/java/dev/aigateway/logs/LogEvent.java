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

    /** Roughly the memory this event holds while queued: its bodies, its strings and a fixed overhead. */
    public long bytes() {
        return 1024
                + (requestBody == null ? 0 : requestBody.length())
                + (responseBody == null ? 0 : responseBody.length())
                + (usage == null ? 0 : usage.heldBytes())
                + 2L * (len(path) + len(metadata) + len(userAgent) + len(eventId) + len(requestModel))
                + 2L * (len(requestContentType) + len(responseContentType));
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
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
