package dev.aigateway.routing;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.provider.Provider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Singleton;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The fault-tolerance policy of upstream calls, in one place, built on SmallRye Fault Tolerance's programmatic guards:
 * one long-lived circuit breaker per provider host and port (one resource or region of a provider failing does
 * not cut off the others; custom providers included), and per call a retry guard shaped by the
 * request's {@link RetryPolicy} (attempts, base delay, backoff, the provider's {@code Retry-After} up to
 * {@code gateway.routing.max-retry-after}, the overall deadline). An attempt is one {@link CompletionStage} that
 * completes with the provider's response head, or fails with an {@link UpstreamFailure} saying whether another try may
 * help.
 */
@Singleton
public class ProviderGuards {

    private final GatewayConfig config;
    private final MeterRegistry registry;
    private final long maxRetryAfterMillis;
    private final ConcurrentMap<String, Maybe> breakers = new ConcurrentHashMap<>();

    public ProviderGuards(GatewayConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.maxRetryAfterMillis = config.routing().maxRetryAfter().toMillis();
    }

    /** Distinct provider hosts with a breaker of their own; further hosts of a provider share one (memory bound). */
    static final int MAX_BREAKERS = 1024;

    /** Observes attempts as they end (metrics, outcome lists). */
    public interface AttemptListener {
        void retrying(int nextAttempt, long delayMillis, Throwable cause);

        /**
         * Whether the next attempt after this failure goes to another of the provider's balanced keys or deployments
         * ({@link KeyPool}): then it is made even when the failure would not be retried on the same key (a revoked
         * key's 401, a long {@code Retry-After}), and at once (the wait was the failed key's).
         */
        default boolean switchesKey(Throwable cause) {
            return false;
        }
    }

    /**
     * Runs up to {@code attempts} attempts of one call to {@code provider}, each through its circuit breaker, waiting
     * between them as {@code policy} says. The returned stage fails with the last {@link UpstreamFailure} when no
     * attempt succeeded; an open breaker fails at once with reason {@code circuit_open} (fallback-able).
     *
     * @param host the upstream host this call goes to (breakers are per host and port); null when each attempt goes
     *     through {@link #throughHost} itself (a balanced call: its deployments may be on different hosts)
     * @param attempts how many attempts this call may make (1 when the request body cannot be sent twice)
     * @param deadlineNanos {@link System#nanoTime()} after which no new attempt starts
     * @param attempt starts attempt number n (1-based)
     */
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> run(
            Provider provider,
            String host,
            int port,
            RetryPolicy policy,
            int attempts,
            long deadlineNanos,
            AttemptListener listener,
            IntFunction<CompletionStage<T>> attempt) {
        Breaker breaker = host == null ? null : breaker(provider, host, port);
        AtomicInteger number = new AtomicInteger();
        java.util.function.Supplier<CompletionStage<Object>> once = () -> {
            int n = number.incrementAndGet();
            if (breaker == null) {
                return (CompletionStage<Object>) attempt.apply(n);
            }
            return breaker.guarded(() -> (CompletionStage<Object>) attempt.apply(n));
        };
        CompletionStage<Object> result;
        if (attempts <= 1) {
            result = once.get();
        } else {
            long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
            Guard retry = Guard.create()
                    .withDescription("upstream-retry")
                    .withRetry()
                    .maxRetries(attempts - 1)
                    .delay(policy.delayMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(Math.max(remainingMillis, policy.delayMillis() + 1), ChronoUnit.MILLIS)
                    .whenException(t -> (retryable(t) || switchesKey(listener, t)) && System.nanoTime() < deadlineNanos)
                    .withCustomBackoff()
                    .strategy(() -> new PolicyBackoff(policy, number, deadlineNanos, listener))
                    .done()
                    .done()
                    .build();
            result = retry.get(once, Breaker.STAGE);
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        result.whenComplete((value, error) -> {
            if (error == null) {
                out.complete((T) value);
            } else {
                out.completeExceptionally(unwrap(error));
            }
        });
        return out;
    }

    private static boolean switchesKey(AttemptListener listener, Throwable t) {
        return listener != null && listener.switchesKey(Breaker.unwrapCompletion(t));
    }

    private boolean retryable(Throwable t) {
        return t instanceof UpstreamFailure f
                && f.kind() == UpstreamFailure.Kind.RETRYABLE
                && f.retryAfterMillis() <= maxRetryAfterMillis;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CircuitBreakerOpenException) {
            return UpstreamFailure.noResponse(UpstreamFailure.Reason.CIRCUIT_OPEN, UpstreamFailure.Kind.FALLBACK);
        }
        return t;
    }

    /** The wait before the next attempt: the policy's backoff, or longer when the provider asked for longer. */
    private static final class PolicyBackoff implements CustomBackoffStrategy {
        private final RetryPolicy policy;
        private final AtomicInteger attempts;
        private final long deadlineNanos;
        private final AttemptListener listener;

        PolicyBackoff(RetryPolicy policy, AtomicInteger attempts, long deadlineNanos, AttemptListener listener) {
            this.policy = policy;
            this.attempts = attempts;
            this.deadlineNanos = deadlineNanos;
            this.listener = listener;
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            int done = attempts.get();
            long delay = policy.delayBefore(done);
            if (listener != null && listener.switchesKey(cause)) {
                delay = 0; // another key or deployment: the wait was the failed one's
            } else if (cause instanceof UpstreamFailure f && f.retryAfterMillis() > delay) {
                delay = f.retryAfterMillis();
            }
            // never wait past the deadline (the attempt then due ends at once as the deadline's timeout)
            delay = Math.max(0, Math.min(delay, (deadlineNanos - System.nanoTime()) / 1_000_000));
            if (listener != null) {
                listener.retrying(done + 1, delay, cause);
            }
            return delay;
        }
    }

    private Breaker breaker(Provider provider, String host, int port) {
        String key = provider.slug() + "@" + host + ":" + port;
        Maybe maybe = breakers.get(key);
        if (maybe == null) {
            if (breakers.size() >= MAX_BREAKERS) {
                key = provider.slug() + "@other";
            }
            maybe = breakers.computeIfAbsent(key, k -> newBreaker(provider.slug(), k));
        }
        return maybe.orNull();
    }

    /** Holder so that "no breaker" can be cached too. */
    private record Maybe(Breaker breaker) {
        Breaker orNull() {
            return breaker;
        }
    }

    private Maybe newBreaker(String slug, String key) {
        Breaker breaker = Breaker.create(config, slug, "provider-" + key, UpstreamFailure::countsAgainstProvider);
        if (breaker == null) {
            return new Maybe(null);
        }
        int at = key.indexOf('@');
        AtomicReference<CircuitBreakerState> state = breaker.state;
        Gauge.builder("gateway.circuit.breaker.state", state, s -> s.get().ordinal())
                .description("Circuit breaker per provider host: 0 closed, 1 open, 2 half-open")
                .tag("provider", slug)
                .tag("host", key.substring(at + 1))
                .register(registry);
        return new Maybe(breaker);
    }

    /**
     * One attempt through the breaker of the host it goes to (for a call whose attempts pick their host: a balanced
     * call's deployments); an open breaker fails it as {@code circuit_open}.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> throughHost(
            Provider provider, String host, int port, java.util.function.Supplier<CompletionStage<T>> attempt) {
        Breaker breaker = breaker(provider, host, port);
        if (breaker == null) {
            return attempt.get();
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        CompletionStage<Object> guarded;
        try {
            guarded = breaker.guarded(() -> (CompletionStage<Object>) attempt.get());
        } catch (CircuitBreakerOpenException e) {
            out.completeExceptionally(unwrap(e));
            return out;
        }
        guarded.whenComplete((value, error) -> {
            if (error == null) {
                out.complete((T) value);
            } else {
                out.completeExceptionally(unwrap(error));
            }
        });
        return out;
    }

    /** Provider hosts ({@code slug@host:port}) whose breaker is not closed, with its state; for readiness details. */
    public Map<String, String> openBreakers() {
        Map<String, String> open = new TreeMap<>();
        breakers.forEach((slug, maybe) -> {
            Breaker b = maybe.orNull();
            if (b != null && b.state.get() != CircuitBreakerState.CLOSED) {
                open.put(slug, b.state.get().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return open;
    }
}
