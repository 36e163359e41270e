package dev.aigateway.cache;

import dev.aigateway.redis.EndBatch;
import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * Records the response a client was sent (status, headers; the body is the response's one bounded copy,
 * {@link BodyCapture}, shared with the usage read) and, once it is over, stores it when it may be cached
 * ({@link CachePolicy}; no larger than the cache's bound; an event stream as the response's one {@link ResponseScan}
 * judged its end) and hands it to identical requests waiting on this one (or releases them when there is nothing to
 * hand on). A recorder: what it stores is what the client received.
 */
public final class CacheRecorder implements ResponseListener {

    private final ResponseCache cache;
    private final CacheKey key;
    private final String owner;
    private final long ttlSeconds;
    private final ResponseCache.Lookup lookup;
    private final long maxBytes;
    private final ResponseScan scan;
    /** The batch its store goes in with the request's other after-response commands; null when none. */
    private final EndBatch end;

    private BodyCapture capture;

    private int status;
    private MultiMap headers = HttpHeaders.headers();
    private boolean ended;

    CacheRecorder(
            ResponseCache cache,
            CacheKey key,
            String owner,
            long ttlSeconds,
            ResponseCache.Lookup lookup,
            long maxBytes,
            ResponseScan scan,
            BodyCapture capture,
            EndBatch end) {
        this.end = end;
        this.scan = scan;
        this.capture = capture;
        capture.want();
        this.cache = cache;
        this.key = key;
        this.owner = owner;
        this.ttlSeconds = ttlSeconds;
        this.lookup = lookup;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onHead(int status, MultiMap headers) {
        this.status = status;
        this.headers = HttpHeaders.headers().addAll(headers);
    }

    @Override
    public void onChunk(Buffer chunk) {
        // the capture keeps the body
    }

    /**
     * An event stream ended with its terminal event, not a failure one, as the response's one scan judged it (the
     * scan watches the provider's bytes and ends before the recorders do).
     */
    private boolean streamFinished() {
        scan.endOfInput();
        return scan.finished() && !scan.failed();
    }

    @Override
    public void onEnd(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        Buffer body = capture.body(); // null when larger than the capture's bound
        capture = null;
        CachedResponse entry = null;
        try {
            if (complete
                    && body != null
                    && body.length() <= maxBytes
                    && status > 0
                    && CachePolicy.responseCacheable(status, headers, streamFinished())) {
                entry = CachedResponse.of(status, headers, body, System.currentTimeMillis());
            } else {
                cache.notStored(key);
            }
        } finally { // the lock, and a batch's other party, are never left waiting
            if (entry != null || lookup.leads() || end != null) {
                cache.complete(key, owner, entry, ttlSeconds, lookup, end);
            }
        }
    }
}
