package dev.aigateway.logs;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.stream.ByteBudget;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.usage.CustomCost;
import dev.aigateway.usage.ResponseUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The log row of one request, filled in on the request's event loop as the request goes (never waited on). Bodies are
 * kept up to a cap when payloads are stored; the usage is the response's one read ({@link ResponseUsage}, asked by the
 * writer off the event loop). As a {@link ResponseListener} it is fed the response as the client received it (the
 * stored body is what the client got). {@link #finish} turns it into an immutable {@link LogEvent}.
 */
public final class LogDraft implements ResponseListener {

    private final UUID id;
    private final Instant createdAt;
    private final long startNanos;
    private final String eventId;
    private final String gatewayId;
    private final boolean storePayload;
    private final long maxPayloadBytes;
    /** What all responses' copies may hold together: this row's response payload draws from it while relayed. */
    private final ByteBudget copies;
    /** Bytes of the response payload taken from {@link #copies}, given back when the response's listeners end. */
    private long taken;

    private final String userAgent;
    private final String metadata;
    private final CustomCost customCost;
    private final List<String> secrets = new ArrayList<>(2);
    /** The unified API's ingress format; null for a provider-native request. */
    private String ingress;
    /** The dynamic route this attempt belongs to; null for other requests. */
    private LogRoute route;
    /** {@code exact}, {@code semantic} or {@code shadow}; null when no cache answered (or would have). */
    private String cacheKind;
    /** The semantic lookup's nearest similarity; null when there was none. */
    private Double cacheSimilarity;
    /** The stored-key alias or deployment of a balanced attempt; null for other calls. */
    private String keyAlias;

    private String provider = "unknown";
    private String path = "";
    /** The call's wire format, once the call was prepared (null before: the path names it then). */
    private WireFormat format;

    private String requestModel;
    private String requestContentType;
    private String responseContentType;
    private Integer step;
    private Integer attempt;
    private boolean authenticated;
    private Integer ttfbMs;
    private long firstByteNanos;

    private Buffer requestBody;
    private boolean requestTruncated;
    private long requestSize;
    private Buffer responseBody;
    /** {@link #responseBody} is this draft's own buffer (appended to); false: it is the first chunk itself. */
    private boolean responseOwn;

    private boolean responseTruncated;
    private long responseSize;
    /** The usage read of the response relayed next (null: nobody reads it, or no call was made). */
    private ResponseUsage usage;
    /** A response was relayed to this row (only then is the usage read's answer this row's). */
    private boolean responded;

    public LogDraft(
            UUID id,
            Instant createdAt,
            long startNanos,
            String eventId,
            String gatewayId,
            boolean storePayload,
            long maxPayloadBytes,
            ByteBudget copies,
            String userAgent,
            String metadata,
            CustomCost customCost) {
        this.id = id;
        this.createdAt = createdAt;
        this.startNanos = startNanos;
        this.eventId = eventId;
        this.gatewayId = gatewayId;
        this.storePayload = storePayload;
        this.maxPayloadBytes = maxPayloadBytes;
        this.copies = copies;
        this.userAgent = userAgent;
        this.metadata = metadata;
        this.customCost = customCost;
    }

    /** The same request's row for another Universal step (a fresh draft, same ids and request facts). */
    public LogDraft forStep(int stepIndex) {
        LogDraft next = new LogDraft(
                id,
                createdAt,
                startNanos,
                eventId,
                gatewayId,
                storePayload,
                maxPayloadBytes,
                copies,
                userAgent,
                metadata,
                customCost);
        next.step = stepIndex;
        next.authenticated = authenticated;
        next.ingress = ingress;
        next.route = route;
        return next;
    }

    /** This attempt is model element {@code node} of the route's deployed {@code version}. */
    public void route(String name, String version, String node) {
        this.route = new LogRoute(name, version, node);
    }

    /** This attempt used the balanced stored key or deployment named {@code name} (the name only, never the key). */
    public void keyAlias(String name) {
        this.keyAlias = name;
    }

    public void target(String providerSlug, String upstreamPath, String contentType, String model) {
        this.provider = providerSlug;
        this.path = upstreamPath;
        this.requestContentType = contentType;
        this.requestModel = model;
    }

    /**
     * The model the request body names, read once by the gateway ({@code dev.aigateway.request.BodyFacts}); a model
     * named by the path wins.
     */
    public void requestModel(String model) {
        if (requestModel == null) {
            requestModel = model;
        }
    }

    /**
     * Which cache answered ({@code exact}, {@code semantic}) or would have ({@code shadow}), and the semantic
     * lookup's nearest similarity (NaN: none).
     */
    public void cacheMatch(String kind, double similarity) {
        this.cacheKind = kind;
        this.cacheSimilarity = Double.isNaN(similarity) ? null : similarity;
    }

    /** The format the client spoke, when the gateway translated it (the unified API: {@code openai.chat}). */
    public void ingress(String format) {
        this.ingress = format;
    }

    /** The prepared call's wire format (what the row calls the request). */
    public void format(WireFormat format) {
        this.format = format;
    }

    /**
     * Where the usage of the response relayed next is read, once for the row and the token limits (it sees the bytes
     * the provider sent, usage the client never saw included).
     */
    public void usageFrom(ResponseUsage usage) {
        this.usage = usage;
    }

    public void step(int index) {
        this.step = index;
    }

    /** The request presented a valid gateway token. */
    public void authenticated() {
        this.authenticated = true;
    }

    public void attempts(int n) {
        this.attempt = n;
    }

    /** A credential this request carried: never stored, even inside a body. */
    public void secret(String value) {
        if (value != null && value.length() >= 8) {
            secrets.add(value);
        }
    }

    /** The whole request body, held by the gateway. */
    public void requestBody(Buffer body) {
        requestSize = body.length();
        // Kept (a reference, not a copy) even without payload storage: the writer reads the model from it.
        if (body.length() > maxPayloadBytes) {
            requestBody = body.getBuffer(0, (int) maxPayloadBytes);
            requestTruncated = true;
        } else {
            requestBody = body;
        }
    }

    /** A chunk of a request body streamed upstream. */
    public void requestChunk(Buffer chunk) {
        requestSize += chunk.length();
        if (requestTruncated) {
            return;
        }
        if (requestBody == null) {
            requestBody = Buffer.buffer(Math.min(chunk.length() * 2, 64 * 1024));
        }
        requestTruncated = append(requestBody, chunk);
    }

    /** How long the provider took to send the head of the response that is relayed next. */
    public void firstByte(long ttfbNanos) {
        this.firstByteNanos = ttfbNanos;
    }

    @Override
    public void onHead(int status, MultiMap headers) {
        responseStarted(firstByteNanos, headers.get(HttpHeaders.CONTENT_TYPE));
    }

    @Override
    public void onChunk(Buffer chunk) {
        responseChunk(chunk);
    }

    public void responseStarted(long ttfbNanos, String contentType) {
        this.ttfbMs = (int) Math.min(Integer.MAX_VALUE, ttfbNanos / 1_000_000);
        this.responseContentType = contentType;
        this.responseBody = null;
        giveBack();
        this.responseOwn = false;
        this.responseSize = 0;
        this.responseTruncated = false;
        this.responded = true;
    }

    public void responseChunk(Buffer chunk) {
        responseSize += chunk.length();
        if (responseTruncated) {
            return;
        }
        if (!storePayload) {
            // nothing to store (the usage is read elsewhere): only whether it would have fitted
            responseTruncated = responseSize > maxPayloadBytes;
            return;
        }
        long keep = Math.min(chunk.length(), maxPayloadBytes - (responseBody == null ? 0 : responseBody.length()));
        if (!copies.take(keep)) {
            responseTruncated = true; // the copies' budget is spent: the payload stops here, the response goes on
            return;
        }
        taken += keep;
        if (responseBody == null && chunk.length() <= maxPayloadBytes) {
            responseBody = chunk; // kept, not copied (chunks are never changed once relayed): a one-chunk body is free
            return;
        }
        if (!responseOwn) {
            Buffer own = Buffer.buffer((int) Math.min(maxPayloadBytes, Math.max(responseSize * 2, 1024)));
            if (responseBody != null) {
                own.appendBuffer(responseBody);
            }
            responseBody = own;
            responseOwn = true;
        }
        responseTruncated = append(responseBody, chunk);
    }

    /**
     * The response is over (relayed, broken or handed to the next Universal step): its payload's bytes go back to the
     * copies' budget; the payload itself now belongs to the log event (bounded by the log queue's bytes).
     */
    @Override
    public void onEnd(boolean complete) {
        giveBack();
    }

    private void giveBack() {
        copies.give(taken);
        taken = 0;
    }

    private boolean append(Buffer to, Buffer chunk) {
        long room = maxPayloadBytes - to.length();
        if (chunk.length() <= room) {
            to.appendBuffer(chunk);
            return false;
        }
        if (room > 0) {
            to.appendBuffer(chunk, 0, (int) room);
        }
        return true;
    }

    /**
     * @param errorClass why the request failed ({@code null} when it did not)
     * @param rowId the row's id when it is not the request's log id (a Universal step that fell back), else null
     */
    public LogEvent finish(int status, boolean cached, boolean truncated, String errorClass, UUID rowId) {
        return new LogEvent(
                rowId != null ? rowId : id,
                createdAt,
                gatewayId,
                provider,
                path,
                (format != null ? format : WireFormat.of(path)).requestType(path),
                requestModel,
                status,
                cached,
                (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startNanos) / 1_000_000),
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
                requestBody,
                requestTruncated,
                responseBody,
                responseTruncated,
                requestSize,
                responseSize,
                responded ? usage : null,
                customCost,
                List.copyOf(secrets),
                ingress,
                route,
                cacheKind,
                cacheSimilarity,
                keyAlias);
    }
}
