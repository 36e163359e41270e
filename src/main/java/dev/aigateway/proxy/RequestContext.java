package dev.aigateway.proxy;

import dev.aigateway.gateway.TrustedProxies;
import dev.aigateway.logs.LogDraft;
import dev.aigateway.logs.LogWriter;
import dev.aigateway.metrics.GatewayMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** What one request carries through the pipeline: its route, ids and the labels its metrics use. */
final class RequestContext {

    static final String LOG_ID = "cf-aig-log-id";
    static final String EVENT_ID = "cf-aig-event-id";
    static final String REQUEST_ID = "cf-aig-request-id";

    private final ProxyPipeline.Route route;
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

    RequestContext(ProxyPipeline.Route route, HttpServerRequest request) {
        this.route = route;
        this.request = request;
        this.requestId = RequestIds.newId();
        String clientEventId = request.getHeader(EVENT_ID);
        this.eventId = clientEventId == null || clientEventId.isBlank() ? requestId : clientEventId;
    }

    ProxyPipeline.Route route() {
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

    /** A Universal step failed and the next one is tried: the failed step gets its own row, the next a new draft. */
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

    void logStepFailed(int status, String errorClass, int nextStep) {
        if (log != null) {
            logFailedRow(status, errorClass);
            log = log.forStep(nextStep);
        }
    }

    /** A row of its own (fresh id, same event id) for an attempt or step that did not answer the client. */
    private void logFailedRow(int status, String errorClass) {
        logs.offer(log.finish(status, false, false, errorClass, java.util.UUID.fromString(RequestIds.newId())));
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
}
