package dev.aigateway.provider;

import dev.aigateway.stream.EndRule;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The API shape a request speaks, worked out once per request from its provider and upstream path (see
 * {@link ProviderRules#wireFormat}) and handed to whatever depends on it: how its streams end and report errors, what
 * the log calls it, whether its path alone makes it a stream. Nothing else looks at paths to ask "is this a chat
 * completion?".
 */
public enum WireFormat {
    /** {@code …/chat/completions}, OpenAI's and every compatible API's. */
    OPENAI_CHAT("chat.completions", StreamEnds.DONE, ErrorDialect.OPENAI, true, false),
    /** {@code …/completions}, the legacy text completions. */
    OPENAI_COMPLETIONS(null, StreamEnds.DONE, ErrorDialect.OPENAI, true, false),
    /** {@code …/responses}, the Responses API. */
    OPENAI_RESPONSES(null, StreamEnds.RESPONSES, ErrorDialect.RESPONSES, true, false),
    /** {@code …/messages}, and Vertex's raw predictions of Anthropic models. */
    ANTHROPIC_MESSAGES(null, StreamEnds.MESSAGES, ErrorDialect.ANTHROPIC, true, false),
    /** {@code …:generateContent}. */
    GEMINI("generateContent", StreamEnds.GEMINI, ErrorDialect.OPENAI, false, false),
    /** {@code …:streamGenerateContent}: a stream by its path alone. */
    GEMINI_STREAM("generateContent", StreamEnds.GEMINI, ErrorDialect.OPENAI, true, true),
    /** {@code …/chat}, Cohere's v2 chat. */
    COHERE_CHAT(null, StreamEnds.COHERE, ErrorDialect.OPENAI, true, false),
    /** {@code …/embeddings}. */
    EMBEDDINGS(null, StreamEnds.ANY, ErrorDialect.OPENAI, false, false),
    /**
     * {@code …:streamRawPredict} of a model that is not Anthropic's on Vertex: the publisher's own stream format,
     * ended by any terminal event the gateway knows.
     */
    RAW_PREDICT_STREAM(null, StreamEnds.ANY, ErrorDialect.OPENAI, true, false),
    /** Bedrock runtime streams ({@code …/model/{id}/converse-stream}, {@code invoke-with-response-stream}). */
    BEDROCK_STREAM(null, StreamEnds.ANY, ErrorDialect.OPENAI, false, true),
    /**
     * The stateful or media-generating APIs (assistants, threads, files, uploads, batches, fine-tuning, vector
     * stores, realtime, conversations, containers, images, speech, videos) and the retrieval of a stored response
     * ({@code …/responses/{id}}): never answered from the cache (their answer changes, or is meant to differ, from
     * one call to the next). Otherwise as {@link #OTHER}.
     */
    STATEFUL(null, StreamEnds.ANY, ErrorDialect.OPENAI, false, false),
    /** Anything else: not checked for truncation; any terminal event the gateway knows counts as an end. */
    OTHER(null, StreamEnds.ANY, ErrorDialect.OPENAI, false, false);

    /** Path segments of the {@link #STATEFUL} APIs. */
    private static final List<String> STATEFUL_PATHS = List.of(
            "/assistants",
            "/threads",
            "/files",
            "/uploads",
            "/batches",
            "/fine_tuning",
            "/fine-tuning",
            "/vector_stores",
            "/realtime",
            "/conversations",
            "/containers",
            "/images/",
            "/audio/speech",
            "/videos");

    /** Retrieving a stored response by id ({@code GET /v1/responses/{id}}) reads state that changes until it ends. */
    private static final Pattern STORED_RESPONSE = Pattern.compile(".*/responses/[^/]+(/.*)?");

    private final String requestType;
    private final StreamEnds ends;
    private final ErrorDialect dialect;
    private final boolean knownEnd;
    private final boolean streamsByPath;

    WireFormat(String requestType, StreamEnds ends, ErrorDialect dialect, boolean knownEnd, boolean streamsByPath) {
        this.requestType = requestType;
        this.ends = ends;
        this.dialect = dialect;
        this.knownEnd = knownEnd;
        this.streamsByPath = streamsByPath;
    }

    /** The format an upstream path (query allowed) speaks, whoever serves it. */
    public static WireFormat of(String upstreamPath) {
        String p = pathOnly(upstreamPath);
        for (String stateful : STATEFUL_PATHS) {
            if (p.contains(stateful)) {
                return STATEFUL;
            }
        }
        if (p.contains("/responses/") && STORED_RESPONSE.matcher(p).matches()) {
            return STATEFUL;
        }
        if (p.contains(":streamgeneratecontent")) {
            return GEMINI_STREAM;
        }
        if (p.contains(":generatecontent")) {
            return GEMINI;
        }
        if (p.contains("rawpredict")) {
            if (p.contains("/publishers/anthropic/")) {
                return ANTHROPIC_MESSAGES;
            }
            return p.contains(":streamrawpredict") ? RAW_PREDICT_STREAM : OTHER;
        }
        if (p.contains("/model/") && p.contains("stream")) {
            return BEDROCK_STREAM;
        }
        if (p.endsWith("/chat/completions")) {
            return OPENAI_CHAT;
        }
        if (p.endsWith("/completions")) {
            return OPENAI_COMPLETIONS;
        }
        if (p.endsWith("/responses")) {
            return OPENAI_RESPONSES;
        }
        if (p.endsWith("/messages")) {
            return ANTHROPIC_MESSAGES;
        }
        if (p.endsWith("/chat")) {
            return COHERE_CHAT;
        }
        return p.endsWith("/embeddings") ? EMBEDDINGS : OTHER;
    }

    /** Lower case, without the query. */
    static String pathOnly(String path) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        int q = p.indexOf('?');
        return q >= 0 ? p.substring(0, q) : p;
    }

    /**
     * Whether a call of this format may be answered from (and stored into) the cache, as far as its API goes (the
     * body may still say it is stateful: {@code dev.aigateway.request.BodyFacts}).
     */
    public boolean cacheable() {
        return this != STATEFUL;
    }

    /** How streams of this format end (what the tail of a stream is judged by). */
    public EndRule endRule() {
        return ends;
    }

    /**
     * Whether streams of this format have a terminal event the gateway knows, so that one ending without it is
     * truncated. Other streams are only called truncated when the connection breaks.
     */
    public boolean knownEnd() {
        return knownEnd;
    }

    /** Whether the path alone makes the request a stream (no {@code "stream": true} needed in the body). */
    public boolean streamsByPath() {
        return streamsByPath;
    }

    /** The error event a client of this format understands, for a stream cut short (see {@link ErrorDialect}). */
    public ErrorDialect errorDialect() {
        return dialect;
    }

    /**
     * A short name of the API called, for the log row: {@code chat.completions}, {@code generateContent}, or else
     * the path's last segment, lower case, at most 32 characters ({@code messages}, {@code embeddings}, …).
     */
    public String requestType(String upstreamPath) {
        if (requestType != null) {
            return requestType;
        }
        String p = pathOnly(upstreamPath);
        String last = p.substring(p.lastIndexOf('/') + 1);
        return last.isEmpty() ? null : last.length() > 32 ? last.substring(0, 32) : last;
    }

    /** How a client of a format expects to be told, inside a stream, that it failed. */
    public enum ErrorDialect {
        /** A data line carrying {@code error}, which the OpenAI-family SDKs raise as an exception. */
        OPENAI,
        /** The Responses API's {@code error} event. */
        RESPONSES,
        /** Anthropic's {@code event: error}. */
        ANTHROPIC;

        /**
         * The error event telling a client its stream was cut short.
         *
         * @param atBoundary the stream stopped between events (else a blank line first ends the open one)
         */
        public Buffer event(String message, boolean atBoundary) {
            String msg = json(message);
            String event =
                    switch (this) {
                        case ANTHROPIC ->
                            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                                    + msg + "}}\n\n";
                        case RESPONSES ->
                            "event: error\ndata: {\"type\":\"error\",\"code\":\"stream_truncated\",\"message\":" + msg
                                    + ",\"param\":null}\n\n";
                        case OPENAI ->
                            "data: {\"error\":{\"message\":" + msg
                                    + ",\"type\":\"server_error\",\"code\":\"stream_truncated\",\"param\":null}}\n\n";
                    };
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
}
