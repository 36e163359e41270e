package dev.aigateway.compat;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;
import dev.aigateway.stream.SseEvent;
import dev.aigateway.stream.SseListener;
import dev.aigateway.stream.SseScanner;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * What the client of a translated call receives, made from what the provider sends, chunk by chunk: the relay hands
 * every upstream chunk to {@link #chunk} and writes what it returns. An event stream goes through the byte-level
 * {@link SseScanner} (events reassembled across chunks, never a chunk decoded on its own) and each whole event is
 * translated as soon as it is complete, so the client's first event leaves with the provider's first. A JSON answer
 * (or an error answer) is kept, bounded, and translated whole at its end. The usage read and the stream scan watch the
 * provider's bytes, not these.
 */
public final class ResponseTranslation {

    private enum Mode {
        STREAM,
        WHOLE,
        ERROR
    }

    private final ChatTranslator translator;
    private final boolean includeUsage;
    private final long created;
    private final long maxBodyBytes;
    private final WireFormat.ErrorDialect dialect;

    private Mode mode;
    private int status;
    private Buffer whole;
    private boolean overflow;
    private SseScanner scanner;
    private ChatStream stream;
    private Buffer pending;

    ResponseTranslation(ChatTranslator translator, boolean includeUsage, long created, long maxBodyBytes) {
        this(translator, includeUsage, created, maxBodyBytes, WireFormat.ErrorDialect.OPENAI);
    }

    /** @param dialect how the client's format tells of a stream cut short */
    ResponseTranslation(
            ChatTranslator translator,
            boolean includeUsage,
            long created,
            long maxBodyBytes,
            WireFormat.ErrorDialect dialect) {
        this.dialect = dialect;
        this.translator = translator;
        this.includeUsage = includeUsage;
        this.created = created;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The provider's answer started.
     *
     * @param streaming its content type is {@code text/event-stream}
     * @return the content type the client gets
     */
    public String head(int status, boolean streaming) {
        this.status = status;
        if (status < 300 && streaming) {
            mode = Mode.STREAM;
            stream = translator.stream(includeUsage, created);
            pending = Buffer.buffer(256);
            scanner = new SseScanner(List.of(new SseListener() {
                @Override
                public void onEvent(SseEvent event) {
                    stream.event(event.name(), event.data(), bytes -> pending.appendBytes(bytes));
                }
            }));
            return "text/event-stream";
        }
        mode = status < 300 ? Mode.WHOLE : Mode.ERROR;
        whole = Buffer.buffer();
        return "application/json";
    }

    /** Whether the client gets an event stream. */
    public boolean streaming() {
        return mode == Mode.STREAM;
    }

    /** An upstream chunk; returns what the client gets now (possibly nothing). */
    public Buffer chunk(Buffer upstream) {
        if (mode == Mode.STREAM) {
            scanner.feed(upstream);
            return drain();
        }
        if (!overflow) {
            if ((long) whole.length() + upstream.length() > maxBodyBytes) {
                overflow = true;
                whole = null;
            } else {
                whole.appendBuffer(upstream);
            }
        }
        return Buffer.buffer();
    }

    /** The upstream answer ended; returns the rest the client gets. */
    public Buffer end() {
        if (mode == Mode.STREAM) {
            scanner.end();
            stream.end(true, bytes -> pending.appendBytes(bytes));
            return drain();
        }
        if (overflow) {
            return Buffer.buffer(OpenAiShapes.bytes(OpenAiShapes.error(
                    "The provider's answer was too large to translate", "server_error", null, "response_too_large")));
        }
        byte[] body = whole.getBytes();
        return Buffer.buffer(mode == Mode.WHOLE ? translator.response(body, created) : translator.error(status, body));
    }

    /** The event telling the client its stream was cut short, in its format (translated events are always whole). */
    public Buffer truncationEvent(String message) {
        return dialect.event(message, true);
    }

    /** An error answer the gateway read whole already, as the client gets it. */
    public Buffer error(int status, Buffer body) {
        return Buffer.buffer(translator.error(status, body.getBytes()));
    }

    private Buffer drain() {
        if (pending.length() == 0) {
            return pending.slice(0, 0);
        }
        Buffer out = pending;
        pending = Buffer.buffer(256);
        return out;
    }
}
