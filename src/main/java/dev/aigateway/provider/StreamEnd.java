package dev.aigateway.provider;

import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * How a provider's event stream ends and how it reports an error inside a stream. A stream that stops before its
 * terminal marker is truncated: the client must be told, in the provider's own error-event format, never shown a
 * clean-looking end.
 */
public final class StreamEnd {

    private StreamEnd() {}

    /**
     * Whether a whole stream ended with its provider's terminal event and did not fail (what may be stored): a
     * Responses stream ending in {@code response.failed}, or any stream ending in an {@code error} event, ended
     * properly but is not a response to keep.
     */
    public static boolean finished(Buffer body) {
        Tail tail = new Tail();
        tail.add(body);
        return tail.finished() && !tail.failed();
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

    /**
     * Follows a stream as it passes, event by event, remembering whether the last event was its provider's terminal
     * one. Works on bytes with bounded memory (only the head of each line is kept), whatever the chunking.
     */
    public static final class Tail {
        private final EventTracker events = new EventTracker();

        public void add(Buffer chunk) {
            events.feed(chunk);
        }

        /** Whether the stream ended with a terminal event (completed, incomplete, failed or error included). */
        public boolean finished() {
            return events.endedWithTerminal();
        }

        /** Whether the terminal event reports a failure ({@code response.failed}, {@code error}). */
        public boolean failed() {
            return finished() && events.lastFailed();
        }

        /** Whether the stream stopped between two events (otherwise the error event must first end the open one). */
        public boolean atEventBoundary() {
            return events.atBoundary();
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
