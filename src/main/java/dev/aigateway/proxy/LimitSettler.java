package dev.aigateway.proxy;

import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.usage.Usage;
import dev.aigateway.usage.UsageExtractor;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.List;

/**
 * Settles a request's token reservations with the usage its response reported, once the response is over: a copy of
 * the response as the provider sent it (up to a bound, usage chunks the client never saw included), read inline when
 * small and on {@link UsageWorkers} when large. A provider that never answered spent nothing; an error without usage
 * spent nothing; a success whose usage is unknown keeps its estimate.
 */
final class LimitSettler implements ResponseListener {

    private final RateLimiter limiter;
    private final List<Reservation> reservations;
    private final String provider;
    private final long maxBytes;

    private int status;
    private String contentType;
    private Buffer body = Buffer.buffer();
    private boolean ended;

    LimitSettler(RateLimiter limiter, List<Reservation> reservations, String provider, long maxBytes) {
        this.limiter = limiter;
        this.reservations = reservations;
        this.provider = provider;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onHead(int status, MultiMap headers) {
        this.status = status;
        this.contentType = headers.get(HttpHeaders.CONTENT_TYPE);
    }

    @Override
    public void onChunk(Buffer chunk) {
        if (body == null) {
            return;
        }
        if ((long) body.length() + chunk.length() > maxBytes) {
            body = null; // too large to keep: its usage is unknown
            return;
        }
        body.appendBuffer(chunk);
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
        Buffer whole = complete ? body : null;
        Future<Usage> usage = whole == null
                ? Future.succeededFuture()
                : UsageWorkers.read(whole.length(), () -> UsageExtractor.extract(provider, contentType, whole));
        usage.onComplete(ar -> {
            Usage u = ar.succeeded() ? ar.result() : null;
            // An error without usage spent nothing; a success without usage keeps its estimate.
            long used = u != null ? u.total() : status >= 400 ? 0 : -1;
            if (used >= 0) {
                reservations.forEach(r -> limiter.settle(r, used));
            }
        });
    }
}
