package dev.aigateway.routing;

import dev.aigateway.config.BalanceStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One call's balanced keys or deployments ({@link KeyBalancer#pool}): each attempt takes a member by the strategy,
 * among those whose breaker is not open, preferring one this call has not tried yet; a failure another member may
 * not share (429, 5xx, 401/403, timeout) moves the next attempt to an untried member at once. The members' in-flight
 * counts, breakers and round-robin position are the gateway's, shared by every request on this replica.
 */
public final class KeyPool {

    private final BalanceStrategy strategy;
    private final List<KeyMember> members;
    private final List<KeyBalancer.MemberState> states;
    private final KeyBalancer.Rotation rotation;
    private final Set<String> tried = new HashSet<>();

    KeyPool(
            BalanceStrategy strategy,
            List<KeyMember> members,
            List<KeyBalancer.MemberState> states,
            KeyBalancer.Rotation rotation) {
        this.strategy = strategy;
        this.members = members;
        this.states = states;
        this.rotation = rotation;
    }

    /** The members (names, weights; their credentials are only for the upstream headers and the log's redaction). */
    public List<KeyMember> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    /** Whether a member this call has not tried yet is available (its breaker not open). */
    public synchronized boolean hasUntried() {
        for (int i = 0; i < members.size(); i++) {
            if (!tried.contains(members.get(i).name()) && !states.get(i).open()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the attempt after {@code cause} goes to another member: the failure is one another key or deployment
     * may not share, and one is left untried.
     */
    public boolean switchesFor(Throwable cause) {
        if (!(cause instanceof UpstreamFailure f) || f.kind() == UpstreamFailure.Kind.FINAL) {
            return false;
        }
        return switch (f.reason()) {
            case STATUS, TIMEOUT, UNREACHABLE, RESET, CIRCUIT_OPEN -> hasUntried();
            case SATURATED, CANCELLED, CREDENTIALS -> false; // (balanced calls never carry a made credential)
        };
    }

    /** The member for the next attempt, counted in flight until its lease is released; null: every breaker is open. */
    public synchronized Lease pick() {
        List<Integer> candidates = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (!states.get(i).open() && !tried.contains(members.get(i).name())) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) { // every available member tried: a retry goes to any of them
            for (int i = 0; i < members.size(); i++) {
                if (!states.get(i).open()) {
                    candidates.add(i);
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (strategy == BalanceStrategy.LEAST_IN_FLIGHT) {
            candidates = leastLoaded(candidates);
        }
        int chosen = rotation.next(members, candidates);
        tried.add(members.get(chosen).name());
        KeyBalancer.MemberState state = states.get(chosen);
        state.inFlight.incrementAndGet();
        return new Lease(members.get(chosen), state);
    }

    /** The candidates with the fewest requests in flight for their weight (ties go round robin). */
    private List<Integer> leastLoaded(List<Integer> candidates) {
        List<Integer> least = new ArrayList<>();
        double best = Double.MAX_VALUE;
        for (int i : candidates) {
            double load = states.get(i).inFlight.get() / (double) members.get(i).weight();
            if (load < best) {
                best = load;
                least.clear();
            }
            if (load == best) {
                least.add(i);
            }
        }
        return least;
    }

    /** One attempt's member: in flight until released (once). */
    public static final class Lease {
        private final KeyMember member;
        private final KeyBalancer.MemberState state;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(KeyMember member, KeyBalancer.MemberState state) {
            this.member = member;
            this.state = state;
        }

        public KeyMember member() {
            return member;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                state.inFlight.decrementAndGet();
            }
        }

        /**
         * Runs the attempt through this member's breaker (per gateway, provider and member: one revoked or
         * rate-limited key never opens another's, nor another gateway's); an open breaker fails it as
         * {@code circuit_open}.
         */
        @SuppressWarnings("unchecked")
        public <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> attempt) {
            if (state.breaker == null) {
                return attempt.get();
            }
            CompletableFuture<T> out = new CompletableFuture<>();
            CompletionStage<Object> guarded;
            try {
                guarded = state.breaker.guarded(() -> (CompletionStage<Object>) attempt.get());
            } catch (CircuitBreakerOpenException e) {
                out.completeExceptionally(circuitOpen());
                return out;
            }
            guarded.whenComplete((value, error) -> {
                Throwable t = Breaker.unwrapCompletion(error);
                if (t == null) {
                    out.complete((T) value);
                } else {
                    out.completeExceptionally(t instanceof CircuitBreakerOpenException ? circuitOpen() : t);
                }
            });
            return out;
        }

        private static UpstreamFailure circuitOpen() {
            return UpstreamFailure.noResponse(UpstreamFailure.Reason.CIRCUIT_OPEN, UpstreamFailure.Kind.FALLBACK);
        }
    }
}
