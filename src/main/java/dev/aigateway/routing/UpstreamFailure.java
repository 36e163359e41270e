package dev.aigateway.routing;

/**
 * An attempt that did not produce a response the client should get as it is. Carries what the provider answered (if it
 * answered) so that, when nothing else is left to try, the client still gets the provider's own error.
 */
public final class UpstreamFailure extends RuntimeException {

    /** What the gateway may do next. */
    public enum Kind {
        /** Try the same provider again (after a wait), then fall back. */
        RETRYABLE,
        /** Not worth retrying here, but another provider or account may serve it. */
        FALLBACK,
        /** The request itself is wrong; nobody else would answer differently. */
        FINAL
    }

    private final Kind kind;
    private final String reason;
    private final int status;
    private final long retryAfterMillis;
    private final Object response;
    /** The gateway or the client caused it (a client-chosen short timeout, a full connection pool), not the provider. */
    private final boolean notTheProvider;

    /**
     * @param reason metric label: {@code status}, {@code timeout}, {@code unreachable}, {@code saturated},
     *     {@code reset}, {@code circuit_open} or {@code cancelled}
     * @param status the provider's HTTP status, 0 when it never answered
     * @param retryAfterMillis how long the provider asked to wait, -1 when it did not say
     * @param response the provider's response (buffered or still unread), null when it never answered
     */
    public UpstreamFailure(Kind kind, String reason, int status, long retryAfterMillis, Object response) {
        this(kind, reason, status, retryAfterMillis, response, false);
    }

    private UpstreamFailure(
            Kind kind, String reason, int status, long retryAfterMillis, Object response, boolean notTheProvider) {
        super(reason + (status > 0 ? " " + status : ""), null, false, false);
        this.notTheProvider = notTheProvider;
        this.kind = kind;
        this.reason = reason;
        this.status = status;
        this.retryAfterMillis = retryAfterMillis;
        this.response = response;
    }

    public static UpstreamFailure noResponse(String reason, Kind kind) {
        return new UpstreamFailure(kind, reason, 0, -1, null);
    }

    /**
     * No response head within the attempt's timeout. It says something about the provider only when that timeout
     * was at least the provider's own first-byte timeout: a shorter one chosen by the client
     * ({@code cf-aig-request-timeout}) or cut by the request's deadline never counts for its circuit breaker.
     */
    public static UpstreamFailure timeout(long timeoutMillis, long providerTimeoutMillis) {
        return new UpstreamFailure(Kind.RETRYABLE, "timeout", 0, -1, null, timeoutMillis < providerTimeoutMillis);
    }

    /**
     * The connection could not be had: the gateway's own pool for this provider is saturated (wait queue full,
     * {@code saturated}, never counted against the provider) or the provider could not be reached
     * ({@code unreachable}).
     */
    public static UpstreamFailure connectFailed(Throwable cause) {
        if (cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return new UpstreamFailure(Kind.RETRYABLE, "saturated", 0, -1, null, true);
        }
        return noResponse("unreachable", Kind.RETRYABLE);
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public int status() {
        return status;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    public Object response() {
        return response;
    }

    /** Whether this failure says something about the provider's health (and so counts for its circuit breaker). */
    public boolean countsAgainstProvider() {
        if (notTheProvider) {
            return false;
        }
        return switch (reason) {
            case "timeout", "unreachable", "reset" -> true;
            case "status" -> status >= 500;
            default -> false;
        };
    }

    /** Short description for the per-step outcome list: the reason, or the kind of a provider error. */
    /** The status a log row or a client gets for this failure: the provider's, else 504 / 503 / 502 by reason. */
    public int statusOrGateway() {
        if (status > 0) {
            return status;
        }
        return switch (reason) {
            case "timeout" -> 504;
            case "circuit_open" -> 503;
            default -> 502;
        };
    }

    public String outcome() {
        if (!"status".equals(reason)) {
            return reason;
        }
        return switch (kind) {
            case RETRYABLE -> "retryable";
            case FALLBACK -> "fallback";
            case FINAL -> "final";
        };
    }
}
