package dev.aigateway.usage;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * An incremental parser of {@code text/event-stream} (the WHATWG rules): lines end in {@code \n}, {@code \r\n} or
 * {@code \r}; lines starting with {@code :} are comments; several {@code data:} lines of one event are joined with
 * {@code \n}; a blank line dispatches the event. Chunks may split lines anywhere (even between {@code \r} and
 * {@code \n}).
 */
public final class SseParser {

    private final BiConsumer<String, String> onEvent;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;
    private boolean lastWasCr;

    /** @param onEvent receives (event name or null, data) for every dispatched event */
    public SseParser(BiConsumer<String, String> onEvent) {
        this.onEvent = onEvent;
    }

    public void feed(Buffer chunk) {
        feed(chunk.toString(StandardCharsets.UTF_8));
    }

    public void feed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the \n of a \r\n
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                endOfLine();
            } else {
                line.append(c);
            }
        }
    }

    /** The stream ended: an event without its blank line is dispatched too (streams cut by a clean close). */
    public void end() {
        if (!line.isEmpty()) {
            endOfLine();
        }
        dispatch();
    }

    private void endOfLine() {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) != ':') {
            int colon = line.indexOf(":");
            String field = colon < 0 ? line.toString() : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
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
        line.setLength(0);
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
