package dev.aigateway.provider;

import dev.aigateway.stream.EndRule;
import dev.aigateway.stream.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal events of each wire format's streams. An event is judged by its {@code event:} name, by a
 * {@code "type"} in the first bytes of its data, or by its whole data ({@code [DONE]}): a marker inside content is
 * escaped or not alone, so it is content. An {@code error} event ends any stream, as a failure.
 */
enum StreamEnds implements EndRule {
    /** OpenAI chat and completions: {@code data: [DONE]}. */
    DONE(Set.of(), true, false),
    /** Responses: {@code response.completed}, {@code response.incomplete}; {@code response.failed} fails. */
    RESPONSES(Set.of("response.completed", "response.incomplete"), false, false),
    /** Anthropic messages: {@code message_stop}. */
    MESSAGES(Set.of("message_stop"), false, false),
    /** Gemini: the chunk carrying {@code "finishReason"} (a usage-only chunk may still follow it). */
    GEMINI(Set.of(), false, true),
    /** Cohere v2 chat: {@code message-end}. */
    COHERE(Set.of("message-end"), false, false),
    /** Any of the above, and Bedrock's {@code messageStop}: for streams whose format the path does not pin down. */
    ANY(Set.of("message_stop", "response.completed", "response.incomplete", "message-end", "messageStop"), true, true);

    private static final Set<String> FAILED = Set.of("response.failed", "error");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"\\\\]{1,40})\"");
    private static final byte[] TYPE_KEY = "\"type\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINISH_REASON = "\"finishReason\"".getBytes(StandardCharsets.US_ASCII);
    /** Only this much of an event's data is searched for its {@code "type"}. */
    private static final int HEAD = 512;

    private final Set<String> ends;
    private final boolean done;
    private final boolean finishReason;

    StreamEnds(Set<String> ends, boolean done, boolean finishReason) {
        this.ends = ends;
        this.done = done;
        this.finishReason = finishReason;
    }

    @Override
    public Mark judge(SseEvent event) {
        String name = event.name() == null ? null : event.name().strip();
        String type = event.dataStartsWith('{') && event.dataContains(TYPE_KEY) ? firstType(event) : null;
        if (in(FAILED, name) || in(FAILED, type)) {
            return Mark.FAILED;
        }
        if (finishReason && event.dataContains(FINISH_REASON)) {
            return Mark.FINISHING;
        }
        if (in(ends, name) || in(ends, type) || (done && event.dataIs("[DONE]"))) {
            return Mark.END;
        }
        return Mark.CONTENT;
    }

    private static boolean in(Set<String> set, String value) {
        return value != null && set.contains(value);
    }

    /** The first {@code "type"} value in the data's head that names a terminal or failure event, if any. */
    private String firstType(SseEvent event) {
        Matcher m = TYPE.matcher(event.dataHead(HEAD));
        while (m.find()) {
            String t = m.group(1);
            if (ends.contains(t) || FAILED.contains(t)) {
                return t;
            }
        }
        return null;
    }
}
