package dev.aigateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * OpenAI-family streams only report usage when asked ({@code stream_options.include_usage}). When a client did not
 * ask, the gateway asks for it (so the request log has tokens and cost) and takes the extra usage chunk — and the
 * {@code "usage":null} fields the option adds to every other chunk — out of what the client sees, so the client gets
 * exactly the stream it asked for.
 */
public final class IncludeUsage {

    /** Providers whose chat completions accept {@code stream_options} (others are left alone). */
    private static final Set<String> PROVIDERS = Set.of("openai", "azure-openai", "deepseek", "grok", "groq");

    private static final ObjectMapper JSON = new ObjectMapper();

    private IncludeUsage() {}

    /** Whether requests to this provider and path may get {@code include_usage} added. */
    public static boolean eligible(String provider, String upstreamPath) {
        if (!PROVIDERS.contains(provider)) {
            return false;
        }
        String p = upstreamPath.toLowerCase(Locale.ROOT);
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        return p.endsWith("/chat/completions") || p.endsWith("/completions");
    }

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
     * {@code "usage":null} fields. Works on whole events, as bytes: a partial event (or a character split across
     * network chunks) waits for the rest of it, and events without usage pass through byte for byte.
     */
    public static final class Stripper {
        private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
        /** The usage chunks kept for the log are small; more than this is not kept. */
        private static final int MAX_HIDDEN = 64 * 1024;

        private Buffer pending = Buffer.buffer();
        private final Buffer hidden = Buffer.buffer();
        private boolean lineHasBytes;
        private boolean lastWasCr;
        /** The last event ended with a lone {@code \r}: a {@code \n} right after it still belongs to that event. */
        private boolean lfOfLastEvent;

        private boolean lastEventKept = true;

        /** The part of the stream that can go to the client now (possibly empty). */
        public Buffer apply(Buffer chunk) {
            int from = pending.length();
            pending.appendBuffer(chunk);
            Buffer out = Buffer.buffer(chunk.length() + 16);
            int eventStart = 0;
            for (int i = from; i < pending.length(); i++) {
                byte c = pending.getByte(i);
                if (c == '\n' && lastWasCr) {
                    lastWasCr = false;
                    if (lfOfLastEvent) {
                        lfOfLastEvent = false;
                        if (lastEventKept) {
                            out.appendByte(c);
                        }
                        eventStart = i + 1;
                    }
                    continue;
                }
                lfOfLastEvent = false;
                lastWasCr = c == '\r';
                if (c == '\n' || c == '\r') {
                    if (!lineHasBytes) {
                        emit(pending.getBuffer(eventStart, i + 1), out);
                        eventStart = i + 1;
                        lfOfLastEvent = c == '\r';
                    }
                    lineHasBytes = false;
                } else {
                    lineHasBytes = true;
                }
            }
            if (eventStart > 0) {
                pending = pending.getBuffer(eventStart, pending.length());
            }
            return out;
        }

        /** Whatever is left when the stream ends. */
        public Buffer flush() {
            Buffer out = Buffer.buffer();
            if (pending.length() > 0) {
                emit(pending, out);
                pending = Buffer.buffer();
            }
            return out;
        }

        /** The events taken out of the stream (the usage chunk), for the log and for settling token limits. */
        public Buffer hidden() {
            return hidden;
        }

        private void emit(Buffer event, Buffer out) {
            if (!contains(event, USAGE)) {
                lastEventKept = true;
                out.appendBuffer(event);
                return;
            }
            String rewritten = rewrite(event.toString(StandardCharsets.UTF_8));
            lastEventKept = !rewritten.isEmpty();
            if (lastEventKept) {
                out.appendString(rewritten, "UTF-8");
            } else if (hidden.length() + event.length() <= MAX_HIDDEN) {
                hidden.appendBuffer(event);
            }
        }

        private static boolean contains(Buffer b, byte[] needle) {
            int last = b.length() - needle.length;
            outer:
            for (int i = 0; i <= last; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (b.getByte(i + j) != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        static String rewrite(String event) {
            if (!event.contains("\"usage\"")) {
                return event;
            }
            if (event.contains("\"choices\":[]") && event.contains("\"usage\":{")) {
                return ""; // the chunk that only exists because of include_usage
            }
            return event.replace(",\"usage\":null", "").replace("\"usage\":null,", "");
        }
    }
}
