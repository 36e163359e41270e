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

    /**
     * @param reason metric label: {@code status}, {@code timeout}, {@code unreachable}, {@code reset},
     *     {@code circuit_open} or {@code cancelled}
     * @param status the provider's HTTP status, 0 when it never answered
     * @param retryAfterMillis how long the provider asked to wait, -1 when it did not say
     * @param response the provider's response (buffered or still unread), null when it never answered
     */
    public UpstreamFailure(Kind kind, String reason, int status, long retryAfterMillis, Object response) {
        super(reason + (status > 0 ? " " + status : ""), null, false, false);
        this.kind = kind;
        this.reason = reason;
        this.status = status;
        this.retryAfterMillis = retryAfterMillis;
        this.response = response;
    }

    public static UpstreamFailure noResponse(String reason, Kind kind) {
        return new UpstreamFailure(kind, reason, 0, -1, null);
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
