package dev.aigateway.proxy;

import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.usage.ResponseUsage;
import dev.aigateway.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
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
    private final List<Reservation> reservations;
    private final ResponseUsage usage;
    /** A response's cost in nano-dollars for the spend reservations (-1 unknown); null when there are none. */
    private final ToLongFunction<Usage> spendCost;
    /** A route's cost-element reservations: settled only by a step whose answer succeeded (one step at most). */
    private final List<Reservation> routeCosts;

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
            reservations.forEach(r -> limiter.settle(r, 0)); // the provider never answered: nothing was spent
            return;
        }
        Future<Usage> read = complete
                ? UsageWorkers.read(usage.pendingBytes(), usage::usage)
                : Future.succeededFuture(); // a broken response's usage is not to be trusted
        read.onComplete(ar -> {
            Usage u = ar.succeeded() ? ar.result() : null;
            // An error without usage spent nothing; a success without usage keeps its estimate.
            long used = u != null ? u.total() : status >= 400 ? 0 : -1;
            // Spend: the response's real cost; one whose price cannot be worked out keeps its reservation.
            long spent = u != null && spendCost != null ? spendCost.applyAsLong(u) : status >= 400 ? 0 : -1;
            for (Reservation r : reservations) {
                long actual = r.spend() ? spent : used;
                if (actual >= 0) {
                    limiter.settle(r, actual);
                }
            }
            if (status < 400 && spent >= 0) {
                routeCosts.forEach(r -> limiter.settle(r, spent));
            }
        });
    }
}
