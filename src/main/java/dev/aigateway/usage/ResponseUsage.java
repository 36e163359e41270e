package dev.aigateway.usage;

import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.EventScanner;
import dev.aigateway.stream.EventStreamScanner;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.stream.SseEvent;
import dev.aigateway.stream.SseListener;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * The usage of one response, read once for everyone who needs it (limit settlement, the log row): an event stream's
 * from its events as they pass (hand {@link #events()} to the response's {@link ResponseScan}, which scans it once
 * for everyone; a binary event stream, which nothing else reads, is scanned here), a JSON body's parsed when first
 * asked from the response's one bounded copy ({@link BodyCapture}, shared with the cache recorder). It sees the bytes
 * the upstream sent, so a usage chunk hidden from the client still counts (a JSON body reaches the client unchanged).
 */
public final class ResponseUsage implements ResponseListener, SseListener {

    private final String provider;
    /** The reader of an event stream's usage (made when the response is one). */
    private StreamUsage stream;
    /** This read feeds its capture itself (it was made without a shared one); else the relay feeds it. */
    private final boolean ownCapture;

    private String contentType;
    private boolean eventStream;
    /** The scanner of a binary event stream (a server-sent one is scanned by the response's {@link ResponseScan}). */
    private EventScanner frames;

    /** The copy a JSON body is read from; dropped once read (or at the head when the body is not JSON). */
    private BodyCapture capture;
    /** Bytes of body held to parse, as they were when the response ended (see {@link #heldBytes}). */
    private long held;
    /**
     * The body that was parsed (null: none), so {@link #heldBytesBesides} stays the same once read: compared by
     * reference, never by identity hash (distinct objects may share one). Weak: this read is done with the copy and
     * must not keep it alive; while another holder still has it (the case that matters), it is not collected.
     */
    private WeakReference<Buffer> heldBody;

    private boolean read;
    private Usage usage;

    /**
     * A read with a bounded copy of its own, fed by {@link #onChunk} (for use outside the relay).
     *
     * @param provider the provider slug (its usage dialect)
     * @param maxBodyBytes the largest JSON body kept to be parsed (a larger one's usage is unknown)
     */
    public ResponseUsage(String provider, long maxBodyBytes) {
        this(provider, new BodyCapture(maxBodyBytes), true);
    }

    /**
     * @param provider the provider slug (its usage dialect)
     * @param capture the response's one bounded copy (fed by the relay as what the client received)
     */
    public ResponseUsage(String provider, BodyCapture capture) {
        this(provider, capture, false);
    }

    private ResponseUsage(String provider, BodyCapture capture, boolean ownCapture) {
        this.provider = provider;
        this.capture = capture;
        this.ownCapture = ownCapture;
    }

    /** The listener the response's one {@link ResponseScan} feeds a stream's events to (this read). */
    public SseListener events() {
        return this;
    }

    /** An event of the stream, from the response's one scan. */
    @Override
    public synchronized void onEvent(SseEvent event) {
        if (!read && stream != null) {
            stream.onEvent(event);
        }
    }

    @Override
    public synchronized void onHead(int status, MultiMap headers) {
        contentType = headers.get(HttpHeaders.CONTENT_TYPE);
        eventStream = ResponseScan.eventStream(contentType);
        if (contentType != null
                // the reader of the binary framing is loaded only for such a stream (the constant is inlined)
                && contentType.regionMatches(
                        true, 0, EventStreamScanner.CONTENT_TYPE, 0, EventStreamScanner.CONTENT_TYPE.length())) {
            eventStream = true;
            stream = new StreamUsage(provider);
            frames = EventScanner.of(contentType, List.of(stream));
        } else if (eventStream) {
            stream = new StreamUsage(provider);
        }
        if (!eventStream && contentType != null && contentType.contains("json")) {
            capture.want();
        } else {
            capture = null; // nothing to parse a body for
        }
    }

    @Override
    public synchronized void onChunk(Buffer chunk) {
        if (frames != null && !read) {
            frames.feed(chunk);
        }
        if (ownCapture && capture != null) {
            capture.onChunk(chunk);
        }
    }

    /**
     * Bytes of response body this read holds to parse, as they were when the response ended: a figure that does not
     * change once it is over (the log queue counts it while the row waits), whether or not they were parsed since.
     */
    public synchronized long heldBytes() {
        return read ? held : capture == null ? 0 : capture.heldBytes();
    }

    /**
     * {@link #heldBytes}, less a body that is {@code other} itself: a one-chunk response is kept as it is, by this read
     * and by the log payload alike, so the log queue counts its bytes once. Like {@link #heldBytes}, the figure does
     * not change once the response is over.
     */
    public synchronized long heldBytesBesides(Buffer other) {
        if (other == null) {
            return heldBytes();
        }
        Buffer kept = read ? (heldBody == null ? null : heldBody.get()) : capture == null ? null : capture.body();
        return kept == other ? 0 : heldBytes();
    }

    /** Bytes {@link #usage()} still has to parse (0 for a stream, read as it passed): where to call it is the caller's. */
    public synchronized long pendingBytes() {
        return read || capture == null ? 0 : capture.heldBytes();
    }

    /**
     * The usage the response reported; null when it reported none, its body was too large to keep, or it is not
     * JSON or an event stream. Parses a kept JSON body the first time (about 2–3 ms per MB: see
     * {@link #pendingBytes}); call it once the response is over.
     */
    public synchronized Usage usage() {
        if (!read) {
            held = heldBytes();
            read = true;
            if (eventStream) {
                if (frames != null) {
                    frames.end();
                }
                usage = stream.result();
            } else if (capture != null) {
                Buffer body = capture.body();
                heldBody = body == null ? null : new WeakReference<>(body);
                capture = null; // this read is done with the copy
                if (body != null) {
                    usage = UsageExtractor.extract(provider, contentType, body);
                }
            }
        }
        return usage;
    }
}
