package dev.aigateway.routing;

import java.time.Duration;

/**
 * Calls and provider failures of the last {@code window}, in ten time buckets: failures older than the window stop
 * counting (SmallRye's circuit breaker only knows the last <em>n</em> calls, however old). Thread-safe; each call
 * touches one small array under a lock held for a few nanoseconds.
 */
final class FailureWindow {

    private static final int BUCKETS = 10;

    private final long bucketNanos;
    private final long[] epochs = new long[BUCKETS];
    private final int[] calls = new int[BUCKETS];
    private final int[] failures = new int[BUCKETS];

    FailureWindow(Duration window) {
        this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
        clear();
    }

    synchronized void record(boolean failed, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
        if (epochs[slot] != epoch) {
            epochs[slot] = epoch;
            calls[slot] = 0;
            failures[slot] = 0;
        }
        calls[slot]++;
        if (failed) {
            failures[slot]++;
        }
    }

    /** Whether the window holds at least {@code volume} calls of which at least {@code ratio} failed. */
    synchronized boolean tripped(int volume, double ratio, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        int total = 0;
        int failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (epochs[i] > epoch - BUCKETS && epochs[i] <= epoch) {
                total += calls[i];
                failed += failures[i];
            }
        }
        return total >= volume && failed > 0 && failed >= ratio * total;
    }

    synchronized void clear() {
        java.util.Arrays.fill(epochs, Long.MIN_VALUE);
        java.util.Arrays.fill(calls, 0);
        java.util.Arrays.fill(failures, 0);
    }
}
