package dev.aigateway.proxy;

import dev.aigateway.usage.Usage;
import dev.aigateway.usage.UsageExtractor;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.function.Consumer;

/**
 * A copy of the response the client is being sent (status, headers, body up to a bound), handed over once the
 * exchange is over: for the cache and for settling token reservations. Never delays the bytes going to the client.
 */
final class ResponseCapture {

    private final long maxBytes;
    private final Consumer<ResponseCapture> onEnd;
    private int status;
    private MultiMap headers = HttpHeaders.headers();
    private Buffer body = Buffer.buffer();
    private boolean overflow;
    private boolean ended;
    private boolean complete;
    private Buffer hidden;
    private boolean streamFinished;

    ResponseCapture(long maxBytes, Consumer<ResponseCapture> onEnd) {
        this.maxBytes = maxBytes;
        this.onEnd = onEnd;
    }

    void headers(int status, MultiMap upstream) {
        this.status = status;
        this.headers = HttpHeaders.headers().addAll(upstream);
    }

    void chunk(Buffer chunk) {
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

    /** An event stream ended with its terminal event, not a failure one (as the response's one scan judged it). */
    void streamFinished(boolean finished) {
        this.streamFinished = finished;
    }

    /** Whether an event stream ended properly (see {@link #streamFinished(boolean)}); false for other bodies. */
    boolean streamFinished() {
        return streamFinished;
    }

    /** Events the gateway took out of a stream before the client saw them (they still count for usage). */
    void hiddenEvents(Buffer events) {
        this.hidden = events;
    }

    /** The usage the response reported, including events hidden from the client; null when unknown. */
    Usage usage(String provider) {
        Usage usage =
                body == null ? null : UsageExtractor.extract(provider, headers.get(HttpHeaders.CONTENT_TYPE), body);
        if (usage == null && hidden != null && hidden.length() > 0) {
            usage = UsageExtractor.extract(provider, "text/event-stream", hidden);
        }
        return usage;
    }

    /**
     * {@link #usage} read where it costs the event loop nothing: inline for a small body, on {@link UsageWorkers}'
     * pool for a large one; completes on the caller's context (failed when the pool is saturated: usage unknown).
     */
    Future<Usage> usageOffLoop(String provider) {
        long bytes = (body == null ? 0 : body.length()) + (hidden == null ? 0 : hidden.length());
        return UsageWorkers.read(bytes, () -> usage(provider));
    }

    /** Called once, after the response ended ({@code complete}) or broke, was aborted or never started. */
    void end(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        this.complete = complete;
        onEnd.accept(this);
    }

    /** 0 when the provider never answered. */
    int status() {
        return status;
    }

    MultiMap headers() {
        return headers;
    }

    /** The whole body, or null when it was larger than the bound. */
    Buffer body() {
        return body;
    }

    boolean complete() {
        return complete && !overflow;
    }
}
