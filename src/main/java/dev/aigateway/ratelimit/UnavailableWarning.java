package dev.aigateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Says (at most every {@link #EVERY_MILLIS}) that a check went without Redis's answer and what the gateway did
 * instead: a fail-open gateway admits such requests uncounted, which should never pass unnoticed. Logged as the
 * {@link RateLimiter}'s.
 */
final class UnavailableWarning {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long EVERY_MILLIS = 10_000;

    private final AtomicLong lastAt = new AtomicLong(-EVERY_MILLIS);

    void say(Throwable e, boolean failOpen) {
        long now = System.currentTimeMillis();
        long last = lastAt.get();
        if (now - last >= EVERY_MILLIS && lastAt.compareAndSet(last, now)) {
            LOG.warnf(
                    "Rate limiter without Redis's answer (%s): requests %s (further ones for %d s logged at DEBUG)",
                    e.toString(),
                    failOpen ? "admitted by fail-open gateways" : "refused with 503",
                    EVERY_MILLIS / 1000);
        } else {
            LOG.debugf("Rate limiter unavailable: %s", e.toString());
        }
    }
}
