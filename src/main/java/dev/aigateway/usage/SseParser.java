package dev.aigateway.usage;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * An incremental parser of {@code text/event-stream} (the WHATWG rules): lines end in {@code \n}, {@code \r\n} or
 * {@code \r}; lines starting with {@code :} are comments; several {@code data:} lines of one event are joined with
 * {@code \n}; a blank line dispatches the event. Chunks may split lines anywhere (even between {@code \r} and
 * {@code \n}, or inside a multi-byte UTF-8 character): lines are collected as bytes and decoded only once whole.
 */
public final class SseParser {

    private final BiConsumer<String, String> onEvent;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;
    private boolean lastWasCr;

    /** @param onEvent receives (event name or null, data) for every dispatched event */
    public SseParser(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    public void feed(Buffer chunk) {
        int n = chunk.length();
        for (int i = 0; i < n; i++) {
            byte c = chunk.getByte(i);
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the \n of a \r\n
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                endOfLine();
            } else {
                line.write(c);
            }
        }
    }

    public void feed(String text) {
        feed(Buffer.buffer(text));
    }

    /** The stream ended: an event without its blank line is dispatched too (streams cut by a clean close). */
    public void end() {
        if (line.size() > 0) {
            endOfLine();
        }
        dispatch();
    }

    private void endOfLine() {
        if (line.size() == 0) {
            dispatch();
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.charAt(0) == ':') {
            return; // a comment
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if (field.equals("event")) {
            event = value;
        }
    }

    private void dispatch() {
        if (hasData) {
            onEvent.accept(event, data.toString());
        }
        data.setLength(0);
        hasData = false;
        event = null;
    }
}
