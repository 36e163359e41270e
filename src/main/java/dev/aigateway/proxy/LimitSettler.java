package dev.aigateway.proxy;

import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import dev.aigateway.redis.EndBatch;
import dev.aigateway.redis.RedisCalls.Op;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.usage.ResponseUsage;
import dev.aigateway.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Settles a request's token reservations with the usage its response reported, once the response is over: the
 * response's one usage read ({@link ResponseUsage}, which saw the bytes as the provider sent them, usage chunks the
 * client never saw included), asked inline when there is little left to parse and on {@link UsageWorkers} when a
 * large JSON body is. A provider that never answered spent nothing; an error without usage spent nothing; a success
 * whose usage is unknown keeps its estimate. Spend reservations ({@link Reservation#spend}) settle with the
 * response's cost, priced from that usage (once per response: a retried call's failed attempts never reach here).
 */
final class LimitSettler implements ResponseListener {

    private final RateLimiter limiter;
    /** Set anew by {@link #recharge}, before the response starts. */
    private List<Reservation> reservations;

    private final ResponseUsage usage;
    /** A response's cost in nano-dollars for the spend reservations (-1 unknown); null when there are none. */
    private final ToLongFunction<Usage> spendCost;
    /** A route's cost-element reservations: settled only by a step whose answer succeeded (one step at most). */
    private final List<Reservation> routeCosts;

    /** The batch its settlement goes in with the request's other after-response commands; null when none. */
    private EndBatch end;

    private int status;
    private boolean ended;

    LimitSettler(
            RateLimiter limiter,
            List<Reservation> reservations,
            List<Reservation> routeCosts,
            ResponseUsage usage,
            ToLongFunction<Usage> spendCost) {
        this.routeCosts = List.copyOf(routeCosts);
        this.limiter = limiter;
        this.reservations = reservations;
        this.usage = usage;
        this.spendCost = spendCost;
    }

    /**
     * Sends the settlement in {@code end} (with the cache's store), which then always gets this settler's part, even
     * an empty one. Set before the response starts.
     */
    void endWith(EndBatch end) {
        this.end = end;
    }

    /**
     * The request goes upstream: what its check gave back for a cache hit that did not come to be is counted again
     * ({@link RateLimiter#recharge}), and settled with the response as a miss's reservation. Called before the
     * response starts.
     */
    void recharge() {
        reservations = limiter.recharge(reservations);
    }

    @Override
    public void onHead(int status, MultiMap headers) {
        this.status = status;
    }

    @Override
    public void onChunk(Buffer chunk) {
        // the usage reader reads the bytes
    }

    @Override
    public void onEnd(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        if (status == 0) {
            List<Op> ops = new ArrayList<>(reservations.size());
            try {
                reservations.forEach(r -> ops.addAll(limiter.settlement(r, 0))); // the provider never answered
            } finally { // a batch's other party (the cache's store) is never left waiting
                limiter.send(ops, end);
            }
            return;
        }
        Future<Usage> read;
        try {
            read = complete
                    ? UsageWorkers.read(usage.pendingBytes(), usage::usage)
                    : Future.succeededFuture(); // a broken response's usage is not to be trusted
        } catch (RuntimeException e) {
            read = Future.failedFuture(e); // settled as a response whose usage is unknown
        }
        read.onComplete(ar -> {
            List<Op> ops = new ArrayList<>(reservations.size() + routeCosts.size());
            try {
                Usage u = ar.succeeded() ? ar.result() : null;
                // An error without usage spent nothing; a success without usage keeps its estimate.
                long used = u != null ? u.total() : status >= 400 ? 0 : -1;
                // Spend: the response's real cost; one whose price cannot be worked out keeps its reservation.
                long spent = u != null && spendCost != null ? spendCost.applyAsLong(u) : status >= 400 ? 0 : -1;
                for (Reservation r : reservations) {
                    long actual = r.spend() ? spent : used;
                    if (actual >= 0) {
                        ops.addAll(limiter.settlement(r, actual));
                    }
                }
                if (status < 400 && spent >= 0) {
                    routeCosts.forEach(r -> ops.addAll(limiter.settlement(r, spent)));
                }
            } finally { // a batch's other party (the cache's store) is never left waiting
                limiter.send(ops, end);
            }
        });
    }
}
