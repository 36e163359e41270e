package dev.aigateway.proxy;

import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.ByteBudget;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.usage.ResponseUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The listeners of one provider call's response (see {@link ResponseListener}), starting with the response's one
 * reading, shared by everyone who needs it: one scan of an event stream ({@link ResponseScan}: how it ended, for the
 * relay's truncation check and the cache recorder), one read of its usage ({@link ResponseUsage}, for the limit
 * settler and the log row) and one bounded copy of the body the client received ({@link BodyCapture}: what the cache
 * stores and a JSON body's usage is parsed from; a gateway that caches and limits tokens keeps one copy, not two).
 *
 * <p>{@code upstream} listeners, the watchers (the scan and usage read first, then the limit settler), get the bytes as
 * the provider sent them, usage chunks the client never sees included; {@code delivered} listeners are the recorders
 * of what the client received (the body's copy first, then the cache entry, the log row's body), fed after the
 * gateway's changes (the hidden {@code include_usage} chunk out, a truncation error event in). The relay feeds both;
 * the request's end ends them, exactly once. A listener that throws is logged and otherwise ignored: it never affects
 * the client.
 */
final class ResponseTaps {

    private static final Logger LOG = Logger.getLogger(ResponseTaps.class);

    private final ResponseScan scan;
    /** Null when nobody reads the usage (no log row, no token limit). */
    private final ResponseUsage usage;
    /** Null when nobody may need the whole body (no usage read, no cache). */
    private final BodyCapture capture;

    private final List<ResponseListener> upstream = new ArrayList<>(3);
    private final List<ResponseListener> delivered = new ArrayList<>(3);
    private boolean ended;

    private ResponseTaps(ResponseScan scan, ResponseUsage usage, BodyCapture capture) {
        this.scan = scan;
        this.usage = usage;
        this.capture = capture;
        upstream.add(scan); // the reading comes first: the other listeners may ask it at the end
        if (usage != null) {
            upstream.add(usage);
        }
        if (capture != null) {
            delivered.add(capture);
        }
    }

    /**
     * The taps of one call, with its response's reading.
     *
     * @param maxBodyBytes the largest body kept whole (to read its usage from, to store in the cache)
     * @param copies what the copies of all responses in flight may hold together
     */
    static ResponseTaps of(RequestContext ctx, PreparedCall call, long maxBodyBytes, ByteBudget copies) {
        boolean usageRead =
                ctx.log() != null || call.tokenLimits() || !ctx.routeCosts().isEmpty();
        BodyCapture capture = usageRead || call.cache() != null ? new BodyCapture(maxBodyBytes, copies) : null;
        ResponseUsage usage = usageRead ? new ResponseUsage(call.provider().slug(), capture) : null;
        ResponseScan scan = usage == null
                ? new ResponseScan(call.provider().rules().streamEnd(call.format()))
                : new ResponseScan(call.provider().rules().streamEnd(call.format()), usage.events());
        return new ResponseTaps(scan, usage, capture);
    }

    /** The response's one scan: how an event stream ended. */
    ResponseScan scan() {
        return scan;
    }

    /** The response's one usage read; null when nobody reads it. */
    ResponseUsage usage() {
        return usage;
    }

    /** The response's one bounded copy of its body; null when nobody may need it. */
    BodyCapture capture() {
        return capture;
    }

    /** Adds listeners of the response as the provider sends it (after the reading's own). */
    void watch(List<ResponseListener> watchers) {
        upstream.addAll(watchers);
    }

    /** Adds a listener of the response as the client receives it (after the body's copy). */
    void record(ResponseListener recorder) {
        delivered.add(recorder);
    }

    void head(int status, MultiMap headers) {
        head(upstream, status, headers);
        head(delivered, status, headers);
    }

    /** A chunk as the provider sent it. */
    void upstream(Buffer chunk) {
        feed(upstream, chunk);
    }

    /** A chunk as the client received it. */
    void delivered(Buffer chunk) {
        feed(delivered, chunk);
    }

    private static void head(List<ResponseListener> listeners, int status, MultiMap headers) {
        for (int i = 0; i < listeners.size(); i++) {
            ResponseListener l = listeners.get(i);
            try {
                l.onHead(status, headers);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    private static void feed(List<ResponseListener> listeners, Buffer chunk) {
        for (int i = 0; i < listeners.size(); i++) {
            ResponseListener l = listeners.get(i);
            try {
                l.onChunk(chunk);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    /** The response is over ({@code complete}: it reached the client whole); only the first call counts. */
    void end(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        end(upstream, complete);
        end(delivered, complete);
        if (capture != null) {
            capture.release(); // its readers took the body in their onEnd: the bytes leave the in-flight budget
        }
    }

    private static void end(List<ResponseListener> listeners, boolean complete) {
        for (int i = 0; i < listeners.size(); i++) {
            ResponseListener l = listeners.get(i);
            try {
                l.onEnd(complete);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    private static void failed(ResponseListener listener, RuntimeException e) {
        LOG.errorf(e, "Response listener %s failed", listener.getClass().getSimpleName());
    }
}
