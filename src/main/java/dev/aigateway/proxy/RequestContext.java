package dev.aigateway.proxy;

import dev.aigateway.gateway.TrustedProxies;
import dev.aigateway.logs.LogDraft;
import dev.aigateway.logs.LogWriter;
import dev.aigateway.metrics.GatewayMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one request carries through the pipeline: its route, ids, the labels its metrics use, its log row, what its
 * provider calls moved (bytes, start time) and the signal that it is done.
 */
final class RequestContext {

    static final String LOG_ID = "cf-aig-log-id";
    static final String EVENT_ID = "cf-aig-event-id";
    static final String REQUEST_ID = "cf-aig-request-id";

    private final Route route;
    private final HttpServerRequest request;
    private final String requestId;
    private final String eventId;
    private final long startNanos = System.nanoTime();
    private String gateway = GatewayMetrics.UNKNOWN;
    private String provider = GatewayMetrics.UNKNOWN;
    /** Headers the gateway adds to whatever response this request gets (cache status, rate-limit state). */
    private MultiMap gatewayHeaders;
    /** This request's log row being filled in; null when the request is not logged (or its row was handed over). */
    private LogDraft log;

    private LogWriter logs;
    /** The {@code cf-aig-metadata} entries, checked and parsed once (limit identifiers read them). */
    private Map<String, Object> metadata = Map.of();

    // What the provider calls of this request moved, for the end's metrics.
    private long upstreamStartNanos;
    private long bytesIn;
    private long bytesOut;
    private boolean streaming;

    /** The listeners of the current provider call's response (ended with the request). */
    private ResponseTaps taps;

    private boolean ended;
    /** A unified-API call's translation of the answer toward the client; null: the client gets the provider's. */
    private dev.aigateway.compat.ResponseTranslation translation;
    /** The format the client spoke when it is not the provider's own (a unified-API request); null otherwise. */
    private String ingress;
    /** Completes when the request is over (the resource method's answer). */
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** A route element's key balancing while its call is prepared; null otherwise. */
    private KeyPools.Override balancing;

    RequestContext(Route route, HttpServerRequest request) {
        this.route = route;
        this.request = request;
        this.requestId = newId();
        String clientEventId = request.getHeader(EVENT_ID);
        this.eventId = clientEventId == null || clientEventId.isBlank() ? requestId : clientEventId;
    }

    Route route() {
        return route;
    }

    HttpServerRequest request() {
        return request;
    }

    HttpServerResponse response() {
        return request.response();
    }

    String requestId() {
        return requestId;
    }

    long startNanos() {
        return startNanos;
    }

    /** Metric label: a configured gateway id, or {@code unknown}. */
    String gateway() {
        return gateway;
    }

    void gateway(String id) {
        this.gateway = id;
    }

    /** Metric label: a catalogue provider slug, or {@code unknown}. */
    String provider() {
        return provider;
    }

    void provider(String slug) {
        this.provider = slug;
    }

    String eventId() {
        return eventId;
    }

    Map<String, Object> metadata() {
        return metadata;
    }

    /** A dynamic route's cost-element reservations (live: the walk adds to it), settled by the step that answers. */
    private java.util.List<dev.aigateway.ratelimit.RateLimiter.Reservation> routeCosts = java.util.List.of();

    java.util.List<dev.aigateway.ratelimit.RateLimiter.Reservation> routeCosts() {
        return routeCosts;
    }

    void routeCosts(java.util.List<dev.aigateway.ratelimit.RateLimiter.Reservation> costs) {
        this.routeCosts = costs;
    }

    void metadata(Map<String, Object> entries) {
        this.metadata = entries;
    }

    /** A provider call starts now (the duration metric runs from the start of the one that answered). */
    void upstreamStarted() {
        upstreamStartNanos = System.nanoTime();
    }

    long upstreamStartNanos() {
        return upstreamStartNanos;
    }

    /** A chunk of the client's body went to the provider. */
    void sent(long bytes) {
        bytesIn += bytes;
    }

    /** A held body went to the provider (each attempt sends it again; it counts once). */
    void sentWhole(long bytes) {
        bytesIn = bytes;
    }

    void received(long bytes) {
        bytesOut += bytes;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** An event stream is being relayed (counted in flight until the request ends). */
    void streaming() {
        streaming = true;
    }

    boolean isStreaming() {
        return streaming;
    }

    void taps(ResponseTaps current) {
        this.taps = current;
    }

    /** The request is over: the current response's listeners end ({@code complete}: the client got it whole). */
    void endListeners(boolean complete) {
        if (taps != null) {
            taps.end(complete);
        }
    }

    /** Marks the request over; false when it already was (it ends exactly once). */
    boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    /** The translation of the answer toward the client (unified API); null when the client gets it as it is. */
    dev.aigateway.compat.ResponseTranslation translation() {
        return translation;
    }

    void translation(dev.aigateway.compat.ResponseTranslation t) {
        this.translation = t;
    }

    /** The unified API's ingress format ({@code openai.chat}); null for a provider-native request. */
    String ingress() {
        return ingress;
    }

    void ingress(String format) {
        this.ingress = format;
    }

    KeyPools.Override balancing() {
        return balancing;
    }

    void balancing(KeyPools.Override b) {
        this.balancing = b;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Whether the client waits for a {@code 100 Continue} before it sends its body. */
    boolean expectsContinue() {
        String expect = request.getHeader(HttpHeaders.EXPECT);
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /** The client's address: the socket peer, or what the gateway's trusted proxies say it is. */
    String clientIp(TrustedProxies trusted) {
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return trusted.clientAddress(peer, request.headers());
    }

    /** Starts this request's log row, written by {@code writer} when the request ends. */
    void logTo(LogWriter writer, LogDraft draft) {
        this.logs = writer;
        this.log = draft;
    }

    /** The log row being filled in, or null. */
    LogDraft log() {
        return log;
    }

    /** The request ended: its row goes to the writer (never waited on). */
    void logEnd(int status, boolean cached, boolean truncated, String errorClass) {
        if (log != null) {
            logs.offer(log.finish(status, cached, truncated, errorClass, null));
            log = null;
        }
    }

    /**
     * An attempt that failed and is retried gets its own row (Cloudflare counts a retry as two log rows, one
     * request): same event id, its attempt number, a row id of its own; the row under the request's log id is the
     * attempt that answered.
     */
    void logAttemptFailed(int status, String errorClass, int attempt) {
        if (log != null) {
            log.attempts(attempt);
            logFailedRow(status, errorClass);
        }
    }

    /** A Universal step failed and the next one is tried: the failed step gets its own row, the next a new draft. */
    void logStepFailed(int status, String errorClass, int nextStep) {
        if (log != null) {
            logFailedRow(status, errorClass);
            log = log.forStep(nextStep);
        }
    }

    /** A row of its own (fresh id, same event id) for an attempt or step that did not answer the client. */
    private void logFailedRow(int status, String errorClass) {
        logs.offer(log.finish(status, false, false, errorClass, UUID.fromString(newId())));
    }

    /** Sets the ids Cloudflare returns on every response. */
    void putIdHeaders(HttpServerResponse response) {
        response.headers().set(LOG_ID, requestId).set(REQUEST_ID, requestId).set(EVENT_ID, eventId);
        if (gatewayHeaders != null) {
            for (java.util.Map.Entry<String, String> h : gatewayHeaders) {
                response.headers().set(h.getKey(), h.getValue());
            }
        }
    }

    /** Adds a header to the response this request will get, whether from the provider, the cache or an error. */
    void gatewayHeader(String name, String value) {
        if (gatewayHeaders == null) {
            gatewayHeaders = HttpHeaders.headers();
        }
        gatewayHeaders.set(name, value);
    }

    void gatewayHeaderRemove(String name) {
        if (gatewayHeaders != null) {
            gatewayHeaders.remove(name);
        }
    }

    /** A lowercase UUIDv7 id (RFC 9562): 48-bit Unix milliseconds, then random bits; sortable by creation time. */
    static String newId() {
        return uuid7(System.currentTimeMillis()).toString();
    }

    static UUID uuid7(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
