package dev.aigateway.proxy;

import io.vertx.core.Vertx;

/**
 * Cuts a provider response (or a client request body) that goes silent for longer than the upstream idle timeout once it has started (the
 * request's own timer covers the wait for its head). Each chunk only records the time; one timer per response checks
 * it, re-armed for the time left rather than cancelled and re-created per chunk. While the gateway itself holds the
 * response back (the client reads slowly), the silence is not the provider's and is not counted. Event loop only.
 */
final class StreamSilence {

    private final Vertx vertx;
    private final long limitNanos;
    private final Runnable onSilence;
    private long lastNanos;
    private boolean held;
    private long timer = -1;

    private StreamSilence(Vertx vertx, long limitNanos, Runnable onSilence) {
        this.vertx = vertx;
        this.limitNanos = limitNanos;
        this.onSilence = onSilence;
    }

    /** Starts watching now; {@code onSilence} runs once, on this event loop, if nothing is heard for {@code limit}. */
    static StreamSilence watch(Vertx vertx, java.time.Duration limit, Runnable onSilence) {
        StreamSilence s = new StreamSilence(vertx, Math.max(1_000_000L, limit.toNanos()), onSilence);
        s.lastNanos = System.nanoTime();
        s.arm(s.limitNanos);
        return s;
    }

    /** A chunk arrived. */
    void heard() {
        lastNanos = System.nanoTime();
    }

    /** The gateway paused the response (true) or resumed it (false): silence meanwhile is not the provider's. */
    void held(boolean held) {
        this.held = held;
        lastNanos = System.nanoTime();
    }

    /** The response is over: no more checks. */
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void arm(long inNanos) {
        timer = vertx.setTimer(Math.max(1, inNanos / 1_000_000L), id -> check());
    }

    private void check() {
        timer = -1;
        long left = limitNanos - (System.nanoTime() - lastNanos);
        if (held || left > 0) {
            arm(held ? limitNanos : left);
            return;
        }
        onSilence.run();
    }
}
