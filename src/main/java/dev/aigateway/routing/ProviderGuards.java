package dev.aigateway.routing;

import dev.aigateway.config.BreakerConfig;
import dev.aigateway.config.BreakerOverrideConfig;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.provider.Provider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.util.TypeLiteral;
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
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(ProviderGuards.class);
    private static final TypeLiteral<CompletionStage<Object>> STAGE = new TypeLiteral<>() {};

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

    /**
     * A provider host's breaker. SmallRye keeps the state machine (open, half-open trials, delay, events) and opens on
     * any failure it is shown; {@link FailureWindow} decides which failures it is shown: only while the failures of
     * the last {@code window} reach the threshold (SmallRye's own window counts the last n calls with no time decay).
     */
    private record Breaker(
            Guard guard, AtomicReference<CircuitBreakerState> state, FailureWindow window, int volume, double ratio) {

        /** Whether this failure opens (or, half-open, re-opens) the breaker. */
        boolean trips(Throwable error) {
            if (!(unwrapCompletion(error) instanceof UpstreamFailure f) || !f.countsAgainstProvider()) {
                return false;
            }
            return state.get() != CircuitBreakerState.CLOSED || window.tripped(volume, ratio, System.nanoTime());
        }

        /** Notes an attempt's outcome in the window; outcomes that say nothing about the provider are left out. */
        void record(Throwable t) {
            if (t == null) {
                window.record(false, System.nanoTime());
            } else if (t instanceof UpstreamFailure f) {
                if (f.countsAgainstProvider()) {
                    window.record(true, System.nanoTime());
                } else if (f.reason() == UpstreamFailure.Reason.STATUS) {
                    window.record(false, System.nanoTime()); // it answered: a 4xx says the provider is up
                }
            }
        }
    }

    /** Observes attempts as they end (metrics, outcome lists). */
    public interface AttemptListener {
        void retrying(int nextAttempt, long delayMillis, Throwable cause);
    }

    /**
     * Runs up to {@code attempts} attempts of one call to {@code provider}, each through its circuit breaker, waiting
     * between them as {@code policy} says. The returned stage fails with the last {@link UpstreamFailure} when no
     * attempt succeeded; an open breaker fails at once with reason {@code circuit_open} (fallback-able).
     *
     * @param host the upstream host this call goes to (breakers are per host and port)
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
        Breaker breaker = breaker(provider, host, port);
        AtomicInteger number = new AtomicInteger();
        java.util.function.Supplier<CompletionStage<Object>> once = () -> {
            int n = number.incrementAndGet();
            if (breaker == null) {
                return (CompletionStage<Object>) attempt.apply(n);
            }
            return breaker.guard().get(() -> recorded(breaker, (CompletionStage<Object>) attempt.apply(n)), STAGE);
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
                    .whenException(t -> retryable(t) && System.nanoTime() < deadlineNanos)
                    .withCustomBackoff()
                    .strategy(() -> new PolicyBackoff(policy, number, deadlineNanos, listener))
                    .done()
                    .done()
                    .build();
            result = retry.get(once, STAGE);
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

    /** The attempt's own outcome (not wrapped), once the breaker's window has noted it. */
    private static CompletionStage<Object> recorded(Breaker breaker, CompletionStage<Object> attempt) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        attempt.whenComplete((value, error) -> {
            Throwable cause = unwrapCompletion(error);
            breaker.record(cause);
            if (cause == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(cause);
            }
        });
        return out;
    }

    private static Throwable unwrapCompletion(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
            if (cause instanceof UpstreamFailure f && f.retryAfterMillis() > delay) {
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
        BreakerConfig defaults = config.routing().circuitBreaker();
        BreakerOverrideConfig override = config.providers().containsKey(slug)
                ? config.providers().get(slug).circuitBreaker()
                : null;
        boolean enabled =
                override == null ? defaults.enabled() : override.enabled().orElse(defaults.enabled());
        if (!enabled) {
            return new Maybe(null);
        }
        int volume = override == null
                ? defaults.requestVolumeThreshold()
                : override.requestVolumeThreshold().orElse(defaults.requestVolumeThreshold());
        double ratio = override == null
                ? defaults.failureRatio()
                : override.failureRatio().orElse(defaults.failureRatio());
        long delay = (override == null ? defaults.delay() : override.delay().orElse(defaults.delay())).toMillis();
        int successes = override == null
                ? defaults.successThreshold()
                : override.successThreshold().orElse(defaults.successThreshold());
        java.time.Duration span =
                override == null ? defaults.window() : override.window().orElse(defaults.window());
        AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
        FailureWindow window = new FailureWindow(span.isZero() || span.isNegative() ? defaults.window() : span);
        AtomicReference<Breaker> self = new AtomicReference<>();
        Guard guard = Guard.create()
                .withDescription("provider-" + key)
                .withCircuitBreaker()
                .name("provider-" + key)
                // the window below decides; SmallRye opens on the first failure it is shown
                .requestVolumeThreshold(1)
                .failureRatio(1.0)
                .delay(Math.max(1, delay), ChronoUnit.MILLIS)
                .successThreshold(Math.max(1, successes))
                .when(t -> self.get().trips(t))
                .onStateChange(s -> {
                    state.set(s);
                    if (s == CircuitBreakerState.CLOSED) {
                        window.clear(); // a fresh start: the failures that opened it are not held against it
                    }
                    LOG.infof("Circuit breaker of provider %s is now %s", key, s);
                })
                .done()
                // the guarded call is non-blocking and already on its event loop: no hop to another thread
                .withThreadOffload(false)
                .build();
        int at = key.indexOf('@');
        Gauge.builder("gateway.circuit.breaker.state", state, s -> s.get().ordinal())
                .description("Circuit breaker per provider host: 0 closed, 1 open, 2 half-open")
                .tag("provider", slug)
                .tag("host", key.substring(at + 1))
                .register(registry);
        Breaker breaker = new Breaker(guard, state, window, Math.max(1, volume), Math.max(0.01, Math.min(1.0, ratio)));
        self.set(breaker);
        return new Maybe(breaker);
    }

    /** Provider hosts ({@code slug@host:port}) whose breaker is not closed, with its state; for readiness details. */
    public Map<String, String> openBreakers() {
        Map<String, String> open = new TreeMap<>();
        breakers.forEach((slug, maybe) -> {
            Breaker b = maybe.orNull();
            if (b != null && b.state().get() != CircuitBreakerState.CLOSED) {
                open.put(slug, b.state().get().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return open;
    }
}
