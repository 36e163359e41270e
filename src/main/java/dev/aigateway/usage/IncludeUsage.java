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
     * {@code "usage":null} fields. Works on whole events; a partial event waits for the rest of it.
     */
    public static final class Stripper {
        private final StringBuilder pending = new StringBuilder();

        /** The part of the stream that can go to the client now (possibly empty). */
        public Buffer apply(Buffer chunk) {
            pending.append(chunk.toString(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(pending.length());
            int start = 0;
            while (true) {
                int end = boundary(pending, start);
                if (end < 0) {
                    break;
                }
                out.append(rewrite(pending.substring(start, end)));
                start = end;
            }
            pending.delete(0, start);
            return Buffer.buffer(out.toString());
        }

        /** Whatever is left when the stream ends. */
        public Buffer flush() {
            String rest = pending.toString();
            pending.setLength(0);
            return Buffer.buffer(rest.isEmpty() ? "" : rewrite(rest));
        }

        /** End (exclusive) of the first whole event from {@code from}, blank line included; -1 if none. */
        private static int boundary(CharSequence s, int from) {
            for (int i = from; i < s.length() - 1; i++) {
                char c = s.charAt(i);
                if (c == '\n' && s.charAt(i + 1) == '\n') {
                    return i + 2;
                }
                if (c == '\r'
                        && s.charAt(i + 1) == '\n'
                        && i + 3 < s.length()
                        && s.charAt(i + 2) == '\r'
                        && s.charAt(i + 3) == '\n') {
                    return i + 4;
                }
            }
            return -1;
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
