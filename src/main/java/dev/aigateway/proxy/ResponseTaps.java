package dev.aigateway.proxy;

import dev.aigateway.stream.ResponseListener;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The listeners of one provider call's response (see {@link ResponseListener}). {@code upstream} listeners, the
 * watchers (the response's scan and usage read, the limit settler), get the bytes as the provider sent them, usage
 * chunks the client never sees included; {@code delivered} listeners are the recorders of what the client received
 * (the body's one bounded copy, the cache entry, the log row's body), fed after the gateway's changes (the hidden
 * {@code include_usage} chunk out, a truncation error event in). The relay feeds both; the request's end
 * ends them, exactly once. A listener that throws is logged and otherwise ignored: it never affects the client.
 */
final class ResponseTaps {

    private static final Logger LOG = Logger.getLogger(ResponseTaps.class);

    private final List<ResponseListener> upstream;
    private final List<ResponseListener> delivered;
    private boolean ended;

    ResponseTaps(List<ResponseListener> upstream, List<ResponseListener> delivered) {
        this.upstream = upstream;
        this.delivered = delivered;
    }

    void head(int status, MultiMap headers) {
        for (ResponseListener l : upstream) {
            guard(l, () -> l.onHead(status, headers));
        }
        for (ResponseListener l : delivered) {
            guard(l, () -> l.onHead(status, headers));
        }
    }

    /** A chunk as the provider sent it. */
    void upstream(Buffer chunk) {
        feed(upstream, chunk);
    }

    /** A chunk as the client received it. */
    void delivered(Buffer chunk) {
        feed(delivered, chunk);
    }

    private static void feed(List<ResponseListener> listeners, Buffer chunk) {
        for (int i = 0; i < listeners.size(); i++) {
            ResponseListener l = listeners.get(i);
            try {
                l.onChunk(chunk);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Response listener %s failed", l.getClass().getSimpleName());
            }
        }
    }

    /** The response is over ({@code complete}: it reached the client whole); only the first call counts. */
    void end(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        for (ResponseListener l : upstream) {
            guard(l, () -> l.onEnd(complete));
        }
        for (ResponseListener l : delivered) {
            guard(l, () -> l.onEnd(complete));
        }
    }

    private static void guard(ResponseListener listener, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Response listener %s failed", listener.getClass().getSimpleName());
        }
    }
}
