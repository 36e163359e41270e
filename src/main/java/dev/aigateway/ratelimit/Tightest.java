package dev.aigateway.ratelimit;

/** The rule with the least left (the later reset on a tie), for the headers. */
final class Tightest {
    private long limit = -1;
    private long remaining = Long.MAX_VALUE;
    private long reset;

    void offer(long ruleLimit, long left, long resetMs) {
        if (left < remaining || (left == remaining && resetMs > reset)) {
            limit = ruleLimit;
            remaining = left;
            reset = resetMs;
        }
    }

    RateLimiter.Headroom headroom() {
        return limit >= 0 ? new RateLimiter.Headroom(limit, remaining, reset) : null;
    }
}
