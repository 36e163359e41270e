package dev.aigateway.proxy;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Cuts a provider response (or a client request body) that goes silent for longer than the upstream idle timeout once
 * it has started (the request's own timer covers the wait for its head). Each chunk only records the time. While the
 * gateway itself holds the response back (the client reads slowly), the silence is not the provider's and is not
 * counted. Event loop only.
 *
 * <p>On an event loop the watches are checked by one periodic sweep per loop ({@link Sweep}, every {@value #TICK_MS}
 * ms while it watches anything), not by a timer each: every proxied request has one or two watches (its body going
 * up, its response coming back) that almost always end within a millisecond, and a Vert.x timer set and cancelled per
 * watch (a concurrent map entry and a scheduled task each) was a measurable share of the event loops' time. A silence
 * is therefore noticed up to {@value #TICK_MS} ms after its limit. Off an event loop (not the request path) a watch
 * keeps a timer of its own.
 */
final class StreamSilence {

    static final long TICK_MS = 100;
    private static final ThreadLocal<Sweep> SWEEPS = new ThreadLocal<>();

    private final long limitNanos;
    private final Runnable onSilence;
    private final Context context;
    private long lastNanos;
    private boolean held;
    private boolean stopped;
    // on an event loop: its place in the loop's sweep (an intrusive list: no allocation per watch)
    private Sweep sweep;
    private StreamSilence prev;
    private StreamSilence next;
    // off an event loop: its own timer
    private Vertx vertx;
    private long timer = -1;

    private StreamSilence(long limitNanos, Runnable onSilence, Context context) {
        this.limitNanos = limitNanos;
        this.onSilence = onSilence;
        this.context = context;
    }

    /** Starts watching now; {@code onSilence} runs once, on this event loop, if nothing is heard for {@code limit}. */
    static StreamSilence watch(Vertx vertx, java.time.Duration limit, Runnable onSilence) {
        Context context = vertx.getOrCreateContext();
        StreamSilence s = new StreamSilence(Math.max(1_000_000L, limit.toNanos()), onSilence, context);
        s.lastNanos = System.nanoTime();
        if (Context.isOnEventLoopThread() && context.isEventLoopContext()) {
            Sweep sweep = SWEEPS.get();
            if (sweep == null) {
                sweep = new Sweep(vertx, VertxContext.getRootContext(context));
                SWEEPS.set(sweep);
            }
            sweep.add(s);
        } else {
            s.vertx = vertx;
            s.arm(s.limitNanos);
        }
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
        stopped = true;
        if (sweep != null) {
            sweep.remove(this);
        } else if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Found silent by the sweep: unless the response ended meanwhile, cut it. */
    private void silent(Void ignored) {
        if (!stopped) {
            onSilence.run();
        }
    }

    /** Whether the silence has lasted its limit at {@code now}. */
    private boolean over(long now) {
        return !held && now - lastNanos >= limitNanos;
    }

    private void arm(long inNanos) {
        timer = vertx.setTimer(Math.max(1, inNanos / 1_000_000L), id -> {
            timer = -1;
            long left = limitNanos - (System.nanoTime() - lastNanos);
            if (held || left > 0) {
                arm(held ? limitNanos : left);
                return;
            }
            onSilence.run();
        });
    }

    /** One event loop's watches and the periodic check that runs while there are any. */
    private static final class Sweep {

        private final Vertx vertx;
        private final Context loop;
        private StreamSilence head;
        private boolean ticking;
        private long timer;

        Sweep(Vertx vertx, Context loop) {
            this.vertx = vertx;
            this.loop = loop;
        }

        void add(StreamSilence s) {
            s.sweep = this;
            s.next = head;
            if (head != null) {
                head.prev = s;
            }
            head = s;
            if (!ticking) {
                ticking = true;
                // on the loop's own context, not the request's (which the timer would otherwise hold on to)
                loop.runOnContext(v -> timer = vertx.setPeriodic(TICK_MS, id -> check()));
            }
        }

        void remove(StreamSilence s) {
            if (s.sweep != this) {
                return;
            }
            if (s.prev != null) {
                s.prev.next = s.next;
            } else {
                head = s.next;
            }
            if (s.next != null) {
                s.next.prev = s.prev;
            }
            s.prev = null;
            s.next = null;
            s.sweep = null;
        }

        private void check() {
            long now = System.nanoTime();
            StreamSilence s = head;
            while (s != null) {
                StreamSilence next = s.next;
                if (s.over(now)) {
                    remove(s);
                    s.context.runOnContext(s::silent); // on the request's context, as its own timer did
                }
                s = next;
            }
            if (head == null) {
                vertx.cancelTimer(timer); // idle: no wake-ups until the next watch
                ticking = false;
            }
        }
    }
}
