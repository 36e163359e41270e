package dev.aigateway.ratelimit;

import jakarta.inject.Singleton;

/**
 * A shift applied to the clock rate-limit windows are computed from. Windows follow Redis's clock ({@code TIME} inside
 * the scripts), so replicas with drifting clocks agree on boundaries; the shift is always zero in production and
 * exists so tests can step through windows without waiting.
 */
@Singleton
public class GatewayClock {

    private volatile long offsetMillis;

    /** Milliseconds added to Redis's clock. */
    public long offsetMillis() {
        return offsetMillis;
    }

    /** This process's clock plus the shift (tests pick window-aligned times from it). */
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** Makes windows compute as if it were {@code epochMillis} now (tests; assumes Redis's clock is this host's). */
    public void set(long epochMillis) {
        offsetMillis = epochMillis - System.currentTimeMillis();
    }

    /** Back to Redis's clock. */
    public void reset() {
        offsetMillis = 0;
    }
}
