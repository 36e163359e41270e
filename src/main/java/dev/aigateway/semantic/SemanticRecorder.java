package dev.aigateway.semantic;

import dev.aigateway.cache.CachePolicy;
import dev.aigateway.cache.CachedResponse;
import dev.aigateway.gateway.SemanticCacheSettings;
import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * Records the response a client was sent after a semantic miss and, once it is over, stores it under the request's
 * query when the exact cache would store it too ({@link CachePolicy}: 2xx, not {@code no-store}, an event stream only
 * when the response's one scan saw it end properly; no larger than the cache's bound). A recorder: what it stores is
 * what the client received (the response's one bounded copy, {@link BodyCapture}).
 */
public final class SemanticRecorder implements ResponseListener {

    private final SemanticCache cache;
    private final String gateway;
    private final SemanticCacheSettings settings;
    private final Probe probe;
    private final long maxBytes;
    private final ResponseScan scan;

    private BodyCapture capture;
    private int status;
    private MultiMap headers = HttpHeaders.headers();
    private boolean ended;

    SemanticRecorder(
            SemanticCache cache,
            String gateway,
            SemanticCacheSettings settings,
            Probe probe,
            long maxBytes,
            ResponseScan scan,
            BodyCapture capture) {
        this.cache = cache;
        this.gateway = gateway;
        this.settings = settings;
        this.probe = probe;
        this.maxBytes = maxBytes;
        this.scan = scan;
        this.capture = capture;
        capture.want();
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

    @Override
    public void onEnd(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        Buffer body = capture.body();
        capture = null;
        if (complete && body != null && body.length() <= maxBytes && status > 0 && cacheable()) {
            cache.store(gateway, settings, probe, CachedResponse.of(status, headers, body, System.currentTimeMillis()));
        } else {
            cache.notStored(gateway);
        }
    }

    private boolean cacheable() {
        scan.endOfInput();
        return CachePolicy.responseCacheable(status, headers, scan.finished() && !scan.failed());
    }
}
