package dev.aigateway.stream;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The gateway's one reader of {@code text/event-stream}, by the WHATWG rules: lines end in {@code \n}, {@code \r\n}
 * or {@code \r}; a line starting with {@code :} is a comment; {@code field: value} (one space after the colon
 * dropped); several {@code data:} lines of one event are joined with {@code \n}; a blank line dispatches the event
 * (when it has data); {@code id:} sets the last event id. Fed chunks as the network cut them (anywhere: inside a line,
 * between {@code \r} and {@code \n}, inside a multi-byte character), it works on bytes and never decodes a chunk: an
 * event reaches its listeners whole.
 *
 * <p>Memory is bounded: an event's data is kept up to {@code maxEventBytes} (beyond that the event is still
 * dispatched, marked {@link SseEvent#oversize()}, with its first bytes), event names and ids up to 1 KiB; nothing
 * else of a line is kept. Not thread-safe: one scanner per stream, fed on one thread.
 */
public final class SseScanner implements EventScanner {

    /** Default bound of one event's data: far above any event with usage or an end marker in it. */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private static final int MAX_VALUE = 1024;
    /** A data buffer grown past this is given back after its event. */
    private static final int KEEP_CAPACITY = 64 * 1024;

    private static final int FIELD = 0;
    private static final int VALUE_START = 1;
    private static final int VALUE = 2;
    private static final int SKIP = 3;

    private static final int OTHER = 0;
    private static final int DATA = 1;
    private static final int EVENT = 2;
    private static final int ID = 3;

    /**
     * For a reader that passes the stream on as it is (the {@code include_usage} stripper): where, in the chunk being
     * fed, each event's bytes end.
     */
    public interface Boundaries {
        /**
         * The bytes before offset {@code end} of the chunk being fed finish an event: its blank line was read
         * ({@code lf} false; {@link SseListener#onEvent} came just before when the event had data), or the {@code \n}
         * of a {@code \r\n} whose {@code \r} ended the previous event ({@code lf} true).
         */
        void eventEnded(int end, boolean lf);
    }

    private final SseListener[] listeners;
    private final Boundaries boundaries;
    private final int maxEventBytes;
    private final SseEvent event = new SseEvent();

    // the line being read
    private int state = FIELD;
    private final byte[] field = new byte[5];
    private int fieldLength;
    private boolean fieldTooLong;
    private int kind = OTHER;
    private boolean lineHasBytes;
    private boolean lastWasCr;
    /** The {@code \r} just read ended an event: a {@code \n} right after it belongs to that event. */
    private boolean crEndedEvent;

    // the event being read
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private boolean oversize;
    private final byte[] value = new byte[MAX_VALUE];
    private int valueLength;
    private String name;
    private String lastId;
    private boolean eventOpen;

    private boolean ended;
    private boolean endedAtBoundary;

    public SseScanner(List<? extends SseListener> listeners) {
        this(listeners, null, MAX_EVENT_BYTES);
    }

    public SseScanner(SseListener listener) {
        this(List.of(listener), null, MAX_EVENT_BYTES);
    }

    /**
     * @param boundaries told where events end in each chunk (null: nobody asks)
     * @param maxEventBytes data kept per event
     */
    public SseScanner(List<? extends SseListener> listeners, Boundaries boundaries, int maxEventBytes) {
        this.listeners = listeners.toArray(new SseListener[0]);
        this.boundaries = boundaries;
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public void feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        feed(bytes, 0, bytes.length);
    }

    /** Feeds {@code bytes[from, to)}; offsets given to {@link Boundaries} are indexes into {@code bytes}. */
    public void feed(byte[] bytes, int from, int to) {
        if (ended) {
            return;
        }
        int i = from;
        while (i < to) {
            byte c = bytes[i];
            if (lastWasCr) {
                lastWasCr = false;
                if (c == '\n') {
                    i++;
                    if (crEndedEvent && boundaries != null) {
                        boundaries.eventEnded(i, true);
                    }
                    crEndedEvent = false;
                    continue; // the \n of a \r\n
                }
            }
            crEndedEvent = false;
            if (c == '\r' || c == '\n') {
                lastWasCr = c == '\r';
                i++;
                endOfLine(i);
                continue;
            }
            lineHasBytes = true;
            switch (state) {
                case FIELD -> {
                    if (c == ':') {
                        if (fieldLength == 0 && !fieldTooLong) {
                            state = SKIP; // a comment
                        } else {
                            beginValue();
                            state = VALUE_START;
                        }
                    } else if (fieldLength < field.length) {
                        field[fieldLength++] = c;
                    } else {
                        fieldTooLong = true;
                    }
                    i++;
                }
                case VALUE_START -> {
                    state = VALUE;
                    if (c == ' ') {
                        i++;
                    }
                }
                case VALUE -> {
                    int end = lineEnd(bytes, i, to);
                    append(bytes, i, end);
                    i = end;
                }
                default -> i = lineEnd(bytes, i, to);
            }
        }
    }

    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int j = from; j < to; j++) {
            byte b = bytes[j];
            if (b == '\n' || b == '\r') {
                return j;
            }
        }
        return to;
    }

    private void beginValue() {
        kind = fieldKind();
        if (kind == DATA) {
            if (hasData) {
                appendData((byte) '\n');
            }
            hasData = true;
        } else {
            valueLength = 0;
        }
    }

    private int fieldKind() {
        if (fieldTooLong) {
            return OTHER;
        }
        if (is("data")) {
            return DATA;
        }
        if (is("event")) {
            return EVENT;
        }
        return is("id") ? ID : OTHER;
    }

    private boolean is(String name) {
        if (fieldLength != name.length()) {
            return false;
        }
        for (int i = 0; i < fieldLength; i++) {
            if (field[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void append(byte[] bytes, int from, int to) {
        if (kind == DATA) {
            int room = maxEventBytes - dataLength;
            int n = to - from;
            if (n > room) {
                oversize = true;
                n = Math.max(0, room);
            }
            ensure(dataLength + n);
            System.arraycopy(bytes, from, data, dataLength, n);
            dataLength += n;
        } else if (kind == EVENT || kind == ID) {
            int n = Math.min(to - from, MAX_VALUE - valueLength);
            System.arraycopy(bytes, from, value, valueLength, n);
            valueLength += n;
        }
    }

    private void appendData(byte b) {
        if (dataLength >= maxEventBytes) {
            oversize = true;
            return;
        }
        ensure(dataLength + 1);
        data[dataLength++] = b;
    }

    private void ensure(int capacity) {
        if (capacity > data.length) {
            int grown = (int) Math.min(maxEventBytes, Math.max(capacity, 2L * data.length));
            data = java.util.Arrays.copyOf(data, grown);
        }
    }

    /** @param next the offset just past the line's end */
    private void endOfLine(int next) {
        if (!lineHasBytes) {
            dispatch();
            crEndedEvent = lastWasCr;
            if (boundaries != null) {
                boundaries.eventEnded(next, false);
            }
            return;
        }
        eventOpen = true;
        if (state == FIELD && fieldLength > 0) {
            beginValue(); // a field without a colon: its value is empty
        }
        if (state != SKIP) {
            if (kind == EVENT) {
                name = new String(value, 0, valueLength, StandardCharsets.UTF_8);
            } else if (kind == ID && indexOfNul() < 0) {
                lastId = new String(value, 0, valueLength, StandardCharsets.UTF_8);
            }
        }
        state = FIELD;
        fieldLength = 0;
        fieldTooLong = false;
        kind = OTHER;
        lineHasBytes = false;
    }

    private int indexOfNul() {
        for (int i = 0; i < valueLength; i++) {
            if (value[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private void dispatch() {
        if (hasData) {
            event.set(name, lastId, data, dataLength, oversize);
            for (SseListener l : listeners) {
                l.onEvent(event);
            }
        }
        if (data.length > KEEP_CAPACITY) {
            data = new byte[256];
        }
        dataLength = 0;
        hasData = false;
        oversize = false;
        name = null;
        eventOpen = false;
    }

    @Override
    public boolean atEventBoundary() {
        return ended ? endedAtBoundary : !lineHasBytes && !eventOpen;
    }

    /**
     * The stream is over: an event cut short (no blank line after it) is dispatched, as an SSE client seeing the
     * connection close cleanly would; then listeners hear {@link SseListener#onStreamEnd}. Later calls and feeds do
     * nothing.
     */
    @Override
    public void end() {
        if (ended) {
            return;
        }
        endedAtBoundary = atEventBoundary();
        ended = true;
        if (lineHasBytes) {
            endOfLine(0);
        }
        dispatch();
        for (SseListener l : listeners) {
            l.onStreamEnd();
        }
    }

    public boolean ended() {
        return ended;
    }
}
