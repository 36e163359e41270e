package dev.aigateway.provider;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds whether an event stream's last event is its provider's terminal event, looking at whole events only (a
 * {@code [DONE]} or {@code message_stop} inside a text delta is content, not an end). Lines are scanned as bytes; only
 * the first {@link #HEAD} bytes of each line are kept, so memory stays bounded whatever the stream.
 */
final class EventTracker {

    /** Terminal event names / {@code type} values: Anthropic, Responses, Cohere v2, Bedrock, and error events. */
    private static final Set<String> TERMINAL = Set.of(
            "message_stop",
            "response.completed",
            "response.incomplete",
            "response.failed",
            "message-end",
            "messageStop",
            "error");

    private static final Set<String> FAILED = Set.of("response.failed", "error");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"\\\\]{1,40})\"");
    private static final byte[] FINISH_REASON = "\"finishReason\"".getBytes(StandardCharsets.US_ASCII);
    private static final int HEAD = 512;

    private final byte[] line = new byte[HEAD];
    private int lineLength;
    private long lineBytes;
    private boolean comment;
    private boolean lastWasCr;
    private int finishMatched;

    // the event being read
    private String name;
    private String dataHead;
    private int dataLines;
    private boolean finishReason;
    private boolean eventLines;

    // the last event dispatched
    private boolean lastTerminal;
    private boolean lastFailed;
    /** Gemini: a chunk with {@code finishReason} went by (a usage-only chunk may still follow it). */
    private boolean finishSeen;

    void feed(Buffer chunk) {
        int n = chunk.length();
        for (int i = 0; i < n; i++) {
            byte c = chunk.getByte(i);
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                endOfLine();
                continue;
            }
            if (lineBytes == 0) {
                comment = c == ':';
            }
            if (lineLength < HEAD) {
                line[lineLength++] = c;
            }
            lineBytes++;
            if (!comment) {
                match(c);
            }
        }
    }

    /** Gemini's last chunk is the one carrying {@code "finishReason"} (as a key: quotes in text are escaped). */
    private void match(byte c) {
        if (finishMatched == FINISH_REASON.length) {
            return;
        }
        if (c == FINISH_REASON[finishMatched]) {
            finishMatched++;
            if (finishMatched == FINISH_REASON.length) {
                finishReason = true;
            }
        } else {
            finishMatched = c == FINISH_REASON[0] ? 1 : 0;
        }
    }

    private void endOfLine() {
        if (lineBytes == 0) {
            dispatch();
            return;
        }
        eventLines = true;
        if (!comment) {
            String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value.strip();
            } else if (field.equals("data")) {
                if (dataLines == 0) {
                    dataHead = lineBytes > HEAD ? value + "\u0000" : value; // (a cut head never equals [DONE])
                }
                dataLines++;
            }
        }
        lineLength = 0;
        lineBytes = 0;
        comment = false;
        finishMatched = finishReason ? FINISH_REASON.length : 0;
    }

    private void dispatch() {
        if (dataLines > 0) {
            lastTerminal = terminal();
            lastFailed = failure();
            finishSeen |= finishReason;
        }
        name = null;
        dataHead = null;
        dataLines = 0;
        finishReason = false;
        finishMatched = 0;
        eventLines = false;
    }

    private boolean terminal() {
        String type = typeOf(dataHead);
        return (dataLines == 1 && dataHead.strip().equals("[DONE]"))
                || (name != null && TERMINAL.contains(name))
                || (type != null && TERMINAL.contains(type))
                || finishReason;
    }

    private boolean failure() {
        String type = typeOf(dataHead);
        return (name != null && FAILED.contains(name)) || (type != null && FAILED.contains(type));
    }

    private static String typeOf(String head) {
        Matcher m = TYPE.matcher(head);
        while (m.find()) {
            if (TERMINAL.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    /** The stream stopped right after an event's blank line (or before any byte). */
    boolean atBoundary() {
        return lineBytes == 0 && !eventLines;
    }

    /**
     * Whether the last event is a terminal one. Called once the stream is over: an event cut short by a clean close
     * (without its blank line) counts, as an SSE client dispatching at end of stream would see it.
     */
    boolean endedWithTerminal() {
        if (lineBytes > 0) {
            endOfLine();
        }
        if (dataLines > 0) {
            return terminal() || finishSeen;
        }
        return lastTerminal || finishSeen;
    }

    /** Whether the event {@link #endedWithTerminal} judged reports a failure. */
    boolean lastFailed() {
        return dataLines > 0 ? failure() : lastFailed;
    }
}
