package dev.aigateway.stream;

import io.vertx.core.buffer.Buffer;

/**
 * The one bounded copy of a response body, kept for everyone who needs the whole body once the response is over (the
 * cache recorder stores it, the usage read parses a JSON body from it): a gateway that both caches and limits tokens
 * holds one copy, not one each. A recorder: it is fed the body as the client received it (for anything but an event
 * stream, the same bytes the provider sent).
 *
 * <p>It copies nothing until someone {@linkplain #want() wants} the body (at the latest when the head arrives) and never
 * more than {@code maxBytes}: past that the copy is dropped and {@link #body()} is null. A body that comes in one
 * chunk (most JSON answers) is not copied at all: the chunk is kept as it is (chunks are never changed once fed); the
 * copy starts with a second chunk. Fed on the request's event loop; read once the response is over, possibly from
 * another thread (the log writer's), hence synchronized.
 *
 * <p>The bytes it keeps are also drawn from the process-wide {@link ByteBudget} of response copies while the response
 * is relayed: past it the copy is dropped as a too-large one is. {@link #release()}, when the response's listeners end,
 * gives them back (the body stays readable: its readers then hold it, bounded by their own queues).
 */
public final class BodyCapture implements ResponseListener {

    private final long maxBytes;
    private final ByteBudget budget;
    private boolean wanted;
    private boolean released;
    private Buffer body;
    /** {@link #body} is this capture's own buffer (appended to); false: it is the first chunk itself. */
    private boolean own;

    private boolean overflow;
    /** Bytes kept. */
    private long held;

    /**
     * @param maxBytes the largest body kept (a larger one is nobody's: its copy is dropped)
     * @param budget what all responses' copies may hold together
     */
    public BodyCapture(long maxBytes, ByteBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /** A capture bounded only by its own cap. */
    public BodyCapture(long maxBytes) {
        this(maxBytes, ByteBudget.unlimited());
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Someone needs the whole body: copying starts with the next chunk (call it before the body comes). */
    public synchronized void want() {
        wanted = true;
    }

    @Override
    public synchronized void onChunk(Buffer chunk) {
        if (!wanted || overflow || released) {
            return;
        }
        if (held + chunk.length() > maxBytes || !budget.take(chunk.length())) {
            overflow = true;
            body = null;
            own = false;
            budget.give(held);
            held = 0;
            return;
        }
        if (body == null) {
            body = chunk; // kept, not copied: a one-chunk body costs nothing
        } else {
            if (!own) {
                Buffer copy = Buffer.buffer((int) Math.min(maxBytes, Math.max(2L * (held + chunk.length()), 1024)));
                copy.appendBuffer(body);
                body = copy;
                own = true;
            }
            body.appendBuffer(chunk);
        }
        held = body.length();
    }

    /**
     * The whole body (empty when there was none); null when it was larger than {@code maxBytes} or nobody wanted it.
     * Not a copy: read it, never change it. Its memory goes when the last reader drops this capture.
     */
    public synchronized Buffer body() {
        if (!wanted || overflow) {
            return null;
        }
        return body != null ? body : Buffer.buffer();
    }

    /**
     * The response is over: the bytes kept go back to the budget (once; later calls do nothing) and nothing more is
     * copied. The body stays readable.
     */
    public synchronized void release() {
        if (!released) {
            released = true;
            budget.give(held);
        }
    }

    /** Bytes of body kept (0 when none or too large). */
    public synchronized long heldBytes() {
        return held;
    }
}
