package dev.aigateway.ratelimit;

import jakarta.inject.Singleton;

/**
 * The time rate-limit windows are computed from (epoch milliseconds). Replicas' clocks are assumed in sync (NTP); the
 * offset exists so tests can step through windows without waiting.
 */
@Singleton
public class GatewayClock {

    private volatile long offsetMillis;

    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** Makes {@link #millis()} read {@code epochMillis} now (tests). */
    public void set(long epochMillis) {
        offsetMillis = epochMillis - System.currentTimeMillis();
    }

    /** Back to the system clock. */
    public void reset() {
        offsetMillis = 0;
    }
}
