package dev.aigateway.cache;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Per-instance request coalescing: the first request for a key leads (goes upstream); identical requests arriving
 * meanwhile wait, on their own event loops, for its response — or, after a bounded wait or when the leader's
 * response turns out not cacheable, go upstream themselves.
 */
public final class SingleFlight {

    private final ConcurrentMap<String, Flight> flights = new ConcurrentHashMap<>();

    /** Null when the caller now leads this key (and must {@link #land} it); otherwise the flight to wait on. */
    public Flight join(String key) {
        Flight mine = new Flight();
        Flight existing = flights.putIfAbsent(key, mine);
        return existing; // null: mine was registered, the caller leads
    }

    /** The leader is done: waiters get the response (null: go upstream themselves). */
    public void land(String key, CachedResponse response) {
        Flight flight = flights.remove(key);
        if (flight != null) {
            flight.complete(response);
        }
    }

    /** One leader's pending request and the requests waiting on it. */
    public static final class Flight {

        private final List<Runnable> waiters = new ArrayList<>();
        private boolean landed;
        private CachedResponse result;

        /**
         * Calls {@code then} on the caller's context with the leader's response, or with null after {@code timeoutMs}
         * or when the leader had nothing cacheable. Called at most once.
         */
        public void await(Vertx vertx, long timeoutMs, Consumer<CachedResponse> then) {
            Context context = vertx.getOrCreateContext();
            boolean[] called = {false};
            long timer = vertx.setTimer(timeoutMs, t -> {
                if (!called[0]) {
                    called[0] = true;
                    then.accept(null);
                }
            });
            Runnable deliver = () -> context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                if (!called[0]) {
                    called[0] = true;
                    then.accept(result());
                }
            });
            boolean now;
            synchronized (this) {
                now = landed;
                if (!now) {
                    waiters.add(deliver);
                }
            }
            if (now) {
                deliver.run();
            }
        }

        private synchronized CachedResponse result() {
            return result;
        }

        private void complete(CachedResponse response) {
            List<Runnable> toWake;
            synchronized (this) {
                landed = true;
                result = response;
                toWake = new ArrayList<>(waiters);
                waiters.clear();
            }
            toWake.forEach(Runnable::run);
        }
    }
}
