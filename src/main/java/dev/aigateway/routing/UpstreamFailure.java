package dev.aigateway.routing;

import dev.aigateway.error.GatewayException;
import java.util.Locale;

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

    /** Why the attempt failed; {@link #label()} is its metric label and log outcome. */
    public enum Reason {
        /** The provider answered with an error status. */
        STATUS,
        /** No response head within the attempt's time. */
        TIMEOUT,
        /** The provider could not be reached (connection refused, DNS, TLS). */
        UNREACHABLE,
        /** The gateway's own connection pool for the provider is full. */
        SATURATED,
        /** The connection broke before the response head. */
        RESET,
        /** The provider host's circuit breaker is open. */
        CIRCUIT_OPEN,
        /** The request was over (client gone, answered) before the attempt could go on. */
        CANCELLED,
        /** The gateway could not make the provider's credential from a stored key (token endpoint, bad key). */
        CREDENTIALS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final Reason reason;
    private final int status;
    private final long retryAfterMillis;
    private final AttemptResult.Answer answer;
    /** The gateway or the client caused it (a client-chosen short timeout, a full connection pool), not the provider. */
    private final boolean notTheProvider;
    /** The gateway's answer for a credential failure (set once, at creation). */
    private GatewayException reply;

    /**
     * @param status the provider's HTTP status, 0 when it never answered
     * @param retryAfterMillis how long the provider asked to wait, -1 when it did not say
     * @param answer the provider's answer (buffered or still unread), null when it never answered
     */
    public UpstreamFailure(Kind kind, Reason reason, int status, long retryAfterMillis, AttemptResult.Answer answer) {
        this(kind, reason, status, retryAfterMillis, answer, false);
    }

    private UpstreamFailure(
            Kind kind,
            Reason reason,
            int status,
            long retryAfterMillis,
            AttemptResult.Answer answer,
            boolean notTheProvider) {
        super(reason.label() + (status > 0 ? " " + status : ""), null, false, false);
        this.notTheProvider = notTheProvider;
        this.kind = kind;
        this.reason = reason;
        this.status = status;
        this.retryAfterMillis = retryAfterMillis;
        this.answer = answer;
    }

    /**
     * A stored key could not be made into the provider's credential: another provider may serve (never counted
     * against this one); {@code reply} is what the client is told when nothing else is left.
     */
    public static UpstreamFailure credentials(GatewayException reply) {
        UpstreamFailure failure = new UpstreamFailure(Kind.FALLBACK, Reason.CREDENTIALS, 0, -1, null, true);
        failure.reply = reply;
        return failure;
    }

    /** What the client is told for a {@link Reason#CREDENTIALS} failure; null for the others. */
    public GatewayException reply() {
        return reply;
    }

    public static UpstreamFailure noResponse(Reason reason, Kind kind) {
        return new UpstreamFailure(kind, reason, 0, -1, null);
    }

    /** The provider answered with an error status (classified as {@code kind}). */
    public static UpstreamFailure status(Kind kind, int status, long retryAfterMillis, AttemptResult.Answer answer) {
        return new UpstreamFailure(kind, Reason.STATUS, status, retryAfterMillis, answer);
    }

    /**
     * No response head within the attempt's timeout. It says something about the provider only when that timeout
     * was at least the provider's own first-byte timeout: a shorter one chosen by the client
     * ({@code cf-aig-request-timeout}) or cut by the request's deadline never counts for its circuit breaker.
     */
    public static UpstreamFailure timeout(long timeoutMillis, long providerTimeoutMillis) {
        return new UpstreamFailure(Kind.RETRYABLE, Reason.TIMEOUT, 0, -1, null, timeoutMillis < providerTimeoutMillis);
    }

    /**
     * The connection could not be had: the gateway's own pool for this provider is saturated (wait queue full,
     * {@code saturated}, never counted against the provider) or the provider could not be reached
     * ({@code unreachable}).
     */
    public static UpstreamFailure connectFailed(Throwable cause) {
        if (cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return new UpstreamFailure(Kind.RETRYABLE, Reason.SATURATED, 0, -1, null, true);
        }
        return noResponse(Reason.UNREACHABLE, Kind.RETRYABLE);
    }

    public Kind kind() {
        return kind;
    }

    public Reason reason() {
        return reason;
    }

    public int status() {
        return status;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** What the provider answered, or null when it never answered. */
    public AttemptResult.Answer answer() {
        return answer;
    }

    /** Whether this failure says something about the provider's health (and so counts for its circuit breaker). */
    public boolean countsAgainstProvider() {
        if (notTheProvider) {
            return false;
        }
        return switch (reason) {
            case TIMEOUT, UNREACHABLE, RESET -> true;
            case STATUS -> status >= 500;
            case SATURATED, CIRCUIT_OPEN, CANCELLED, CREDENTIALS -> false;
        };
    }

    /** The status a log row or a client gets for this failure: the provider's, else 504 / 503 / 502 by reason. */
    public int statusOrGateway() {
        if (status > 0) {
            return status;
        }
        return switch (reason) {
            case TIMEOUT -> 504;
            case CIRCUIT_OPEN -> 503;
            case CREDENTIALS -> reply.error().httpStatus();
            case STATUS, UNREACHABLE, SATURATED, RESET, CANCELLED -> 502;
        };
    }

    /** Short description for the per-step outcome list and the log row: the reason, or the kind of a provider error. */
    public String outcome() {
        if (reason != Reason.STATUS) {
            return reason.label();
        }
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
