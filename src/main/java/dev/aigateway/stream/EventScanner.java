package dev.aigateway.stream;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Reads a stream's framing as chunks arrive and hands each whole event to its {@link SseListener}s. */
public interface EventScanner {

    /** The next bytes, cut anywhere. */
    void feed(Buffer chunk);

    /**
     * The stream is over: listeners hear {@link SseListener#onStreamEnd} (after an event cut short, where the framing
     * allows reading one). Later calls and feeds do nothing.
     */
    void end();

    /** Whether the stream so far stopped between two events (no byte of an unfinished event read). */
    boolean atEventBoundary();

    /**
     * A scanner for a body of this content type: server-sent events or the binary event-stream framing; null for anything
     * else.
     */
    static EventScanner of(String contentType, List<? extends SseListener> listeners) {
        if (ResponseScan.eventStream(contentType)) {
            return new SseScanner(listeners);
        }
        return EventStreamScanner.eventStream(contentType)
                ? new EventStreamScanner(listeners, SseScanner.MAX_EVENT_BYTES)
                : null;
    }
}
