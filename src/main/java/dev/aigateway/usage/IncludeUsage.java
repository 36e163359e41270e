package dev.aigateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.stream.Bytes;
import dev.aigateway.stream.SseScanner;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Chat completion streams only report usage when asked ({@code stream_options.include_usage}; which providers take
 * the option is their rules' say, {@code ProviderRules.includeUsage}). When a client did not ask, the gateway asks for
 * it (so the request log has tokens and cost) and takes the extra usage chunk — and the {@code "usage":null} fields the
 * option adds to every other chunk — out of what the client sees, so the client gets exactly the stream it asked for.
 */
public final class IncludeUsage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IncludeUsage() {}

    /** The body with {@code include_usage} added, or null when it is not a stream or already asks for usage. */
    public static Buffer inject(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body.getBytes());
            if (!(root instanceof ObjectNode o) || !o.path("stream").asBoolean(false)) {
                return null;
            }
            JsonNode options = o.get("stream_options");
            if (options != null && !options.isNull() && !options.isObject()) {
                return null; // something we do not understand: leave it to the provider
            }
            if (options != null && options.path("include_usage").asBoolean(false)) {
                return null; // the client asked itself: it gets the usage chunk
            }
            ObjectNode opts = options instanceof ObjectNode existing ? existing : o.putObject("stream_options");
            opts.put("include_usage", true);
            return Buffer.buffer(JSON.writeValueAsBytes(o));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Rewrites the stream for a client that did not ask for usage: drops the usage-only chunk and the
     * {@code "usage":null} fields. Works on bytes, event by event as {@link SseScanner} finds their ends: a partial
     * event (or a character split across network chunks) waits for the rest of it, events without usage pass through
     * byte for byte, and a rewritten event changes only in the fields taken out. (The usage it takes out still counts:
     * the response's usage read watches the bytes the provider sent, before this.) An event larger than
     * {@link #MAX_EVENT_BYTES} is not held: it goes through as it comes (a usage chunk is never that large).
     */
    public static final class Stripper implements SseScanner.Boundaries {
        /** Largest event held back to be rewritten. */
        static final int MAX_EVENT_BYTES = 1 << 20;

        private static final byte[] USAGE = ascii("\"usage\"");
        private static final byte[] USAGE_OBJECT = ascii("\"usage\":{");
        private static final byte[] NO_CHOICES = ascii("\"choices\":[]");
        private static final byte[] NULL_AFTER = ascii(",\"usage\":null");
        private static final byte[] NULL_BEFORE = ascii("\"usage\":null,");

        /** Finds where events end; keeps no data (the stripper reads the raw bytes itself). */
        private final SseScanner scanner = new SseScanner(List.of(), this, 0);

        /** Bytes of the event being read, from earlier chunks. */
        private Buffer pending = Buffer.buffer();
        /** The event being read outgrew {@link #MAX_EVENT_BYTES}: its bytes go through as they come. */
        private boolean passing;
        /** The last event went to the client (so does the {@code \n} of its {@code \r\n}, if it comes next). */
        private boolean lastEventKept = true;

        // the chunk being applied
        private byte[] chunk;
        private int done;
        private Buffer out;

        /** The part of the stream that can go to the client now (possibly empty). */
        public Buffer apply(Buffer in) {
            chunk = in.getBytes();
            done = 0;
            out = Buffer.buffer(chunk.length + 16);
            scanner.feed(chunk, 0, chunk.length);
            if (passing) {
                out.appendBytes(chunk, done, chunk.length - done);
            } else {
                pending.appendBytes(chunk, done, chunk.length - done);
                if (pending.length() > MAX_EVENT_BYTES) {
                    out.appendBuffer(pending);
                    pending = Buffer.buffer();
                    passing = true;
                }
            }
            Buffer result = out;
            chunk = null;
            out = null;
            return result;
        }

        @Override
        public void eventEnded(int end, boolean lf) {
            if (lf) {
                if (lastEventKept) {
                    out.appendBytes(chunk, done, end - done);
                }
            } else if (passing) {
                out.appendBytes(chunk, done, end - done);
                passing = false;
                lastEventKept = true;
            } else {
                Buffer event = pending.length() == 0
                        ? Buffer.buffer().appendBytes(chunk, done, end - done)
                        : pending.appendBytes(chunk, done, end - done);
                pending = Buffer.buffer();
                emit(event.getBytes(), out);
            }
            done = end;
        }

        /** Whatever is left when the stream ends. */
        public Buffer flush() {
            Buffer rest = Buffer.buffer();
            if (pending.length() > 0) {
                emit(pending.getBytes(), rest);
                pending = Buffer.buffer();
            }
            return rest;
        }

        private void emit(byte[] event, Buffer to) {
            if (Bytes.indexOf(event, 0, event.length, USAGE) < 0) {
                lastEventKept = true;
                to.appendBytes(event);
                return;
            }
            byte[] rewritten = rewrite(event);
            lastEventKept = rewritten.length > 0;
            if (lastEventKept) {
                to.appendBytes(rewritten);
            }
        }

        /** The event without its usage: nothing left of the chunk that only carries usage, else no null usage. */
        static byte[] rewrite(byte[] event) {
            if (Bytes.indexOf(event, 0, event.length, NO_CHOICES) >= 0
                    && Bytes.indexOf(event, 0, event.length, USAGE_OBJECT) >= 0) {
                return new byte[0]; // the chunk that only exists because of include_usage
            }
            return without(without(event, NULL_AFTER), NULL_BEFORE);
        }

        /** {@code bytes} with every {@code cut} taken out. */
        private static byte[] without(byte[] bytes, byte[] cut) {
            int at = Bytes.indexOf(bytes, 0, bytes.length, cut);
            if (at < 0) {
                return bytes;
            }
            java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(bytes.length);
            int from = 0;
            while (at >= 0) {
                kept.write(bytes, from, at - from);
                from = at + cut.length;
                at = Bytes.indexOf(bytes, from, bytes.length, cut);
            }
            kept.write(bytes, from, bytes.length - from);
            return kept.toByteArray();
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
