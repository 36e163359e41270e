package dev.aigateway.routing;

import dev.aigateway.config.BreakerConfig;
import dev.aigateway.config.BreakerOverrideConfig;
import dev.aigateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One circuit breaker: SmallRye keeps the state machine (open, half-open trials, delay, events) and opens on any
 * failure it is shown; {@link FailureWindow} decides which failures it is shown: only while the failures of the last
 * {@code window} reach the threshold (SmallRye's own window counts the last n calls with no time decay). Provider
 * hosts have one each ({@link ProviderGuards}), and so do balanced keys and deployments ({@link KeyBalancer}), each
 * with its own idea of which failures count ({@code counts}).
 */
final class Breaker {

    private static final Logger LOG = Logger.getLogger(Breaker.class);
    static final TypeLiteral<CompletionStage<Object>> STAGE = new TypeLiteral<>() {};

    final Guard guard;
    final AtomicReference<CircuitBreakerState> state;
    private final FailureWindow window;
    private final int volume;
    private final double ratio;
    private final Predicate<UpstreamFailure> counts;

    private Breaker(
            Guard guard,
            AtomicReference<CircuitBreakerState> state,
            FailureWindow window,
            int volume,
            double ratio,
            Predicate<UpstreamFailure> counts) {
        this.guard = guard;
        this.state = state;
        this.window = window;
        this.volume = volume;
        this.ratio = ratio;
        this.counts = counts;
    }

    /**
     * The breaker the settings of provider {@code slug} ask for ({@code gateway.providers.<slug>.circuit-breaker.*}
     * over {@code gateway.routing.circuit-breaker.*}); null when they turn breakers off.
     *
     * @param name what the breaker guards, for its log lines
     * @param counts the failures that count against it
     */
    static Breaker create(GatewayConfig config, String slug, String name, Predicate<UpstreamFailure> counts) {
        BreakerConfig defaults = config.routing().circuitBreaker();
        BreakerOverrideConfig override = config.providers().containsKey(slug)
                ? config.providers().get(slug).circuitBreaker()
                : null;
        boolean enabled =
                override == null ? defaults.enabled() : override.enabled().orElse(defaults.enabled());
        if (!enabled) {
            return null;
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
                .withDescription(name)
                .withCircuitBreaker()
                .name(name)
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
                    LOG.infof("Circuit breaker %s is now %s", name, s);
                })
                .done()
                // the guarded call is non-blocking and already on its event loop: no hop to another thread
                .withThreadOffload(false)
                .build();
        Breaker breaker =
                new Breaker(guard, state, window, Math.max(1, volume), Math.max(0.01, Math.min(1.0, ratio)), counts);
        self.set(breaker);
        return breaker;
    }

    boolean open() {
        return state.get() == CircuitBreakerState.OPEN;
    }

    /** Whether this failure opens (or, half-open, re-opens) the breaker. */
    private boolean trips(Throwable error) {
        if (!(unwrapCompletion(error) instanceof UpstreamFailure f) || !counts.test(f)) {
            return false;
        }
        return state.get() != CircuitBreakerState.CLOSED || window.tripped(volume, ratio, System.nanoTime());
    }

    /** Notes an attempt's outcome in the window; outcomes that say nothing about what it guards are left out. */
    private void record(Throwable t) {
        if (t == null) {
            window.record(false, System.nanoTime());
        } else if (t instanceof UpstreamFailure f) {
            if (counts.test(f)) {
                window.record(true, System.nanoTime());
            } else if (f.reason() == UpstreamFailure.Reason.STATUS) {
                window.record(false, System.nanoTime()); // it answered: a 4xx says it is up
            }
        }
    }

    /** Runs {@code attempt} through this breaker (which fails at once while it is open). */
    CompletionStage<Object> guarded(Supplier<CompletionStage<Object>> attempt) {
        return guard.get(() -> recorded(attempt.get()), STAGE);
    }

    /** The attempt's own outcome (not wrapped), once the window has noted it. */
    private CompletionStage<Object> recorded(CompletionStage<Object> attempt) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        attempt.whenComplete((value, error) -> {
            Throwable cause = unwrapCompletion(error);
            record(cause);
            if (cause == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(cause);
            }
        });
        return out;
    }

    static Throwable unwrapCompletion(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
