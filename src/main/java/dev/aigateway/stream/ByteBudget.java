package dev.aigateway.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A process-wide bound on the bytes that copies of responses in flight hold together: every response's one body copy
 * ({@link BodyCapture}, for the cache and the usage read) and its log row's payload draw from it while the response is
 * relayed and give their bytes back when it is over. Each copy has its own cap too (a 25 MB body), but a few hundred
 * concurrent large answers would otherwise hold gigabytes; past the budget a copy is dropped as if its body were too
 * large (the client still gets every byte; that response is not cached, its JSON usage is unknown, its log payload is
 * cut), and the drop is counted.
 *
 * <p>Thread-safe, lock-free. Bytes taken must be given back exactly once: each copy keeps what it took and gives it
 * back when its response's listeners end.
 */
public final class ByteBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    /** @param limit the most bytes held at once (0 or less: nothing may be held) */
    public ByteBudget(long limit) {
        this.limit = Math.max(0, limit);
    }

    /** A budget that never refuses (tests, and callers that bound their copies otherwise). */
    public static ByteBudget unlimited() {
        return new ByteBudget(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} when they fit under the limit; false (and counted) when they do not. */
    public boolean take(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        long now;
        do {
            now = used.get();
            if (bytes > limit - now) {
                refusals.incrementAndGet();
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back {@code bytes} taken before. */
    public void give(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes held now. */
    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    /** Copies refused so far (a copy dropped because the budget was spent). */
    public long refusals() {
        return refusals.get();
    }
}
