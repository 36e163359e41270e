package dev.aigateway.ratelimit;

/**
 * Where Redis's clock stands relative to this process's, learned from the times the limiter's scripts report, so the
 * gateway can give a script a deadline on Redis's clock. The estimate is taken from the quickest recent round trip
 * and errs late (by at most that round trip): a deadline is never earlier than meant.
 */
final class RedisClock {

    private static final long STALE_MILLIS = 10_000;

    private boolean known;
    private long offset;
    private long bestRoundTrip;
    private long sampledAt;

    /** A script reported {@code redisMillis}; it was sent at {@code sentAt} and answered at {@code receivedAt}. */
    synchronized void sample(long sentAt, long receivedAt, long redisMillis) {
        long roundTrip = receivedAt - sentAt;
        if (!known || roundTrip <= bestRoundTrip || receivedAt - sampledAt > STALE_MILLIS) {
            known = true;
            offset = redisMillis - sentAt;
            bestRoundTrip = roundTrip;
            sampledAt = receivedAt;
        }
    }

    /** Redis's time {@code afterMillis} after {@code localNow}, or 0 while no script has answered yet. */
    synchronized long deadline(long localNow, long afterMillis) {
        return known ? localNow + offset + afterMillis : 0;
    }
}
