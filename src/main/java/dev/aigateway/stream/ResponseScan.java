package dev.aigateway.stream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The one scan of a response: when the upstream answers with a server-sent event stream, its bytes go through one
 * {@link SseScanner} whose events feed the stream's {@link StreamTail} (how it ended: truncation, whether it may be
 * cached) and any other {@link SseListener} (usage). Other bodies are not scanned here (a binary event stream's usage is
 * read by the usage reader's own {@link EventStreamScanner}: nothing else reads it).
 */
public final class ResponseScan implements ResponseListener {

    private final EndRule rule;
    private final SseListener[] more;
    /** Made when the response is an event stream (nothing of a scan is made for another body). */
    private StreamTail tail;

    private SseScanner scanner;

    /** @param rule how the response's wire format ends its streams */
    public ResponseScan(EndRule rule, SseListener... more) {
        this.rule = rule;
        this.more = more;
    }

    /** Whether a {@code Content-Type} names a server-sent event stream. */
    public static boolean eventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    @Override
    public void onHead(int status, MultiMap headers) {
        if (scanner == null && eventStream(headers.get(HttpHeaders.CONTENT_TYPE))) {
            tail = new StreamTail(rule);
            List<SseListener> listeners = new ArrayList<>(1 + more.length);
            listeners.add(tail);
            listeners.addAll(List.of(more));
            scanner = new SseScanner(listeners);
        }
    }

    @Override
    public void onChunk(Buffer chunk) {
        if (scanner != null) {
            scanner.feed(chunk);
        }
    }

    @Override
    public void onEnd(boolean complete) {
        endOfInput();
    }

    /** No more bytes will come: an event cut short is judged now (idempotent; {@link #onEnd} calls it too). */
    public void endOfInput() {
        if (scanner != null) {
            scanner.end();
        }
    }

    /** Whether the response is an event stream (known once {@link #onHead} was called). */
    public boolean eventStream() {
        return scanner != null;
    }

    /** Whether the stream ended with its terminal event (see {@link StreamTail#finished}); call after the end. */
    public boolean finished() {
        return scanner != null && tail.finished();
    }

    /** Whether the stream ended with a terminal event reporting a failure. */
    public boolean failed() {
        return scanner != null && tail.failed();
    }

    /** Whether the stream stopped between two events (an error event appended then needs no blank line first). */
    public boolean atEventBoundary() {
        return scanner == null || scanner.atEventBoundary();
    }
}
