package dev.aigateway.provider;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How a provider's event stream ends and how it reports an error inside a stream. A stream that stops before its
 * terminal marker is truncated: the client must be told, in the provider's own error-event format, never shown a
 * clean-looking end.
 */
public final class StreamEnd {

    /** End-of-stream markers: OpenAI chat family, Anthropic, Responses, Cohere, Bedrock, Gemini (last chunk). */
    private static final List<String> TERMINALS =
            List.of("[DONE]", "message_stop", "response.completed", "message-end", "messageStop", "\"finishReason\"");

    /** Markers are looked for in this many trailing bytes. */
    public static final int TAIL_BYTES = 4096;

    private StreamEnd() {}

    /** Whether a stream whose last bytes are {@code tail} ended with its provider's terminal marker. */
    public static boolean finished(Buffer tail) {
        int from = Math.max(0, tail.length() - TAIL_BYTES);
        String text = tail.getString(from, tail.length(), StandardCharsets.UTF_8.name());
        for (String marker : TERMINALS) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether streams of this upstream path have a terminal marker we know, so that a stream ending without it can be
     * called truncated. Other streams are only called truncated when the connection breaks.
     */
    public static boolean knownFormat(String upstreamPath) {
        String path = upstreamPath == null ? "" : upstreamPath.toLowerCase(Locale.ROOT);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        return path.endsWith("/chat/completions")
                || path.endsWith("/completions")
                || path.endsWith("/responses")
                || path.endsWith("/messages")
                || path.endsWith("/chat")
                || path.contains(":streamgeneratecontent")
                || path.contains(":streamrawpredict");
    }

    /** Keeps the last {@link #TAIL_BYTES} of a stream as it passes. */
    public static final class Tail {
        private Buffer tail = Buffer.buffer(256);

        public void add(Buffer chunk) {
            if (chunk.length() >= TAIL_BYTES) {
                tail = chunk.getBuffer(chunk.length() - TAIL_BYTES, chunk.length());
                return;
            }
            int keep = TAIL_BYTES - chunk.length();
            if (tail.length() > keep) {
                tail = tail.getBuffer(tail.length() - keep, tail.length());
            }
            tail.appendBuffer(chunk);
        }

        public boolean finished() {
            return StreamEnd.finished(tail);
        }

        /** Whether the stream stopped between two events (otherwise the error event must first end the open one). */
        public boolean atEventBoundary() {
            int n = tail.length();
            if (n == 0) {
                return true;
            }
            if (tail.getByte(n - 1) != '\n') {
                return false;
            }
            return n >= 2
                    && (tail.getByte(n - 2) == '\n'
                            || (tail.getByte(n - 2) == '\r' && n >= 3 && tail.getByte(n - 3) == '\n'));
        }
    }

    /**
     * The error event a client of this API understands: Anthropic's {@code event: error}, the Responses API's
     * {@code error} event, and for the OpenAI family (and everything else) a data line carrying {@code error}, which
     * the official SDKs raise as an exception.
     */
    public static Buffer errorEvent(String providerSlug, String upstreamPath, String message, boolean atBoundary) {
        String path = upstreamPath == null ? "" : upstreamPath.toLowerCase(Locale.ROOT);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        String msg = json(message);
        String event;
        if ("anthropic".equals(providerSlug) || path.endsWith("/messages") || path.contains("rawpredict")) {
            event = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":" + msg
                    + "}}\n\n";
        } else if (path.endsWith("/responses")) {
            event = "event: error\ndata: {\"type\":\"error\",\"code\":\"stream_truncated\",\"message\":" + msg
                    + ",\"param\":null}\n\n";
        } else {
            event = "data: {\"error\":{\"message\":" + msg
                    + ",\"type\":\"server_error\",\"code\":\"stream_truncated\",\"param\":null}}\n\n";
        }
        return Buffer.buffer(atBoundary ? event : "\n\n" + event);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.append('"').toString();
    }
}
