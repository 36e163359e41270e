package dev.aigateway.usage;

import dev.aigateway.stream.EventScanner;
import dev.aigateway.stream.EventStreamScanner;
import dev.aigateway.stream.ResponseListener;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.stream.SseListener;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.List;

/**
 * The usage of one response, read once for everyone who needs it (limit settlement, the log row): an event stream's
 * from its events as they pass (hand {@link #events()} to the response's {@link ResponseScan}, which scans it once
 * for everyone; a binary event stream, which nothing else reads, is scanned here), a JSON body's from a copy of up to
 * {@code maxBodyBytes} parsed when first asked. It sees the bytes
 * the upstream sent, so a usage chunk hidden from the client still counts.
 */
public final class ResponseUsage implements ResponseListener {

    private final String provider;
    private final long maxBodyBytes;
    private final StreamUsage stream;
    private String contentType;
    private boolean eventStream;
    /** The scanner of a binary event stream (a server-sent one is scanned by the response's {@link ResponseScan}). */
    private EventScanner frames;

    private Buffer body;
    private boolean overflow;
    /** Bytes of body kept by the end of the response (not lowered by parsing them: see {@link #heldBytes}). */
    private long held;

    private boolean read;
    private Usage usage;

    /**
     * @param provider the provider slug (its usage dialect)
     * @param maxBodyBytes the largest JSON body kept to be parsed (a larger one's usage is unknown)
     */
    public ResponseUsage(String provider, long maxBodyBytes) {
        this.provider = provider;
        this.maxBodyBytes = maxBodyBytes;
        this.stream = new StreamUsage(provider);
    }

    /** The listener the response's one {@link ResponseScan} feeds a stream's events to. */
    public SseListener events() {
        return event -> {
            synchronized (this) {
                if (!read) {
                    stream.onEvent(event);
                }
            }
        };
    }

    @Override
    public synchronized void onHead(int status, MultiMap headers) {
        contentType = headers.get(HttpHeaders.CONTENT_TYPE);
        eventStream = ResponseScan.eventStream(contentType);
        if (EventStreamScanner.eventStream(contentType)) {
            eventStream = true;
            frames = EventScanner.of(contentType, List.of(stream));
        } else if (!eventStream && contentType != null && contentType.contains("json")) {
            body = Buffer.buffer();
        }
    }

    @Override
    public synchronized void onChunk(Buffer chunk) {
        if (frames != null && !read) {
            frames.feed(chunk);
        }
        if (body == null) {
            return;
        }
        if ((long) body.length() + chunk.length() > maxBodyBytes) {
            overflow = true;
            body = null;
            held = 0;
            return;
        }
        body.appendBuffer(chunk);
        held = body.length();
    }

    /**
     * Bytes of response body this read kept to parse, as they were when the response ended: a figure that does not
     * change once it is over (the log queue counts it while the row waits), whether or not they were parsed since.
     */
    public synchronized long heldBytes() {
        return held;
    }

    /** Bytes {@link #usage()} still has to parse (0 for a stream, read as it passed): where to call it is the caller's. */
    public synchronized long pendingBytes() {
        return read || body == null ? 0 : body.length();
    }

    /**
     * The usage the response reported; null when it reported none, its body was too large to keep, or it is not
     * JSON or an event stream. Parses a kept JSON body the first time (about 2–3 ms per MB: see
     * {@link #pendingBytes}); call it once the response is over.
     */
    public synchronized Usage usage() {
        if (!read) {
            read = true;
            if (eventStream) {
                if (frames != null) {
                    frames.end();
                }
                usage = stream.result();
            } else if (body != null && !overflow) {
                usage = UsageExtractor.extract(provider, contentType, body);
                body = null;
            }
        }
        return usage;
    }
}
