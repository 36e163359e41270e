package dev.aigateway.cache;

import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * Keeps a copy of the response a client was sent (status, headers, body up to the cache's bound) and, once it is over,
 * stores it when it may be cached ({@link CachePolicy}; an event stream as the response's one {@link ResponseScan}
 * judged its end) and hands it to identical requests waiting on this one (or
 * releases them when there is nothing to hand on). Fed the bytes as the client received them.
 */
public final class CacheRecorder implements ResponseListener {

    private final ResponseCache cache;
    private final CacheKey key;
    private final String owner;
    private final long ttlSeconds;
    private final boolean leads;
    private final long maxBytes;
    private final ResponseScan scan;

    private int status;
    private MultiMap headers = HttpHeaders.headers();
    private Buffer body = Buffer.buffer();
    private boolean overflow;
    private boolean ended;

    CacheRecorder(
            ResponseCache cache,
            CacheKey key,
            String owner,
            long ttlSeconds,
            boolean leads,
            long maxBytes,
            ResponseScan scan) {
        this.scan = scan;
        this.cache = cache;
        this.key = key;
        this.owner = owner;
        this.ttlSeconds = ttlSeconds;
        this.leads = leads;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onHead(int status, MultiMap headers) {
        this.status = status;
        this.headers = HttpHeaders.headers().addAll(headers);
    }

    @Override
    public void onChunk(Buffer chunk) {
        if (overflow) {
            return;
        }
        if ((long) body.length() + chunk.length() > maxBytes) {
            overflow = true;
            body = null;
            return;
        }
        body.appendBuffer(chunk);
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
        CachedResponse entry = null;
        if (complete && !overflow && status > 0 && CachePolicy.responseCacheable(status, headers, streamFinished())) {
            entry = CachedResponse.of(status, headers, body, System.currentTimeMillis());
        } else {
            cache.notStored(key);
        }
        if (entry != null || leads) {
            cache.complete(key, owner, entry, ttlSeconds, leads);
        }
    }
}
