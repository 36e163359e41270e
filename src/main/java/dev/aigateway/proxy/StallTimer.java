package dev.aigateway.proxy;

import io.vertx.core.Vertx;

/**
 * Fires when a request body being relayed makes no progress for the read timeout: re-armed by each chunk, paused
 * while the gateway itself holds the body back (the provider's side is full), stopped once the body ended. Event-loop
 * confined, like the exchange it belongs to.
 */
final class StallTimer {

    private final Vertx vertx;
    private final long millis;
    private final Runnable onStall;
    private long timer = -1;
    private boolean stopped;

    StallTimer(Vertx vertx, long millis, Runnable onStall) {
        this.vertx = vertx;
        this.millis = millis;
        this.onStall = onStall;
    }

    /** (Re)starts the countdown: the client is expected to send within the timeout from now. */
    void arm() {
        if (stopped) {
            return;
        }
        cancel();
        timer = vertx.setTimer(millis, t -> {
            timer = -1;
            if (!stopped) {
                stopped = true;
                onStall.run();
            }
        });
    }

    /** No countdown while the gateway does not read (it applies backpressure); {@link #arm()} resumes it. */
    void pause() {
        cancel();
    }

    /** The body ended or the exchange is over: never fires. */
    void stop() {
        stopped = true;
        cancel();
    }

    private void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
