package dev.aigateway.stream;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A reader of the binary {@code application/vnd.amazon.eventstream} framing (a provider's binary streams): each
 * message is a 12-byte prelude (total length, headers length, prelude CRC), headers, a payload and a CRC. Messages
 * reach the same {@link SseListener}s as server-sent events: the {@code :event-type} header as the event name
 * ({@code error} for an exception or error message), the payload as data. Fed chunks as the network cut them, it
 * keeps at most one message ({@code maxEventBytes}; a larger one is skipped unread, dispatched
 * {@link SseEvent#oversize()} with no data). A payload part ({@code chunk}: the event base64-encoded in its
 * {@code bytes} field) is handed on decoded, so its readers see the model's own stream events. CRCs are not checked:
 * the gateway reads along, the client checks.
 */
public final class EventStreamScanner implements EventScanner {

    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private static final int PRELUDE = 12;
    private static final int MESSAGE_CRC = 4;
    /**
     * The event type of a payload part: the payload is {@code {"bytes":"<base64>"}} (and maybe a padding field), the
     * event the model streamed base64-encoded inside it (a model invocation's response stream).
     */
    static final String PAYLOAD_PART = "chunk";

    private static final byte[] BYTES_FIELD = "\"bytes\"".getBytes(StandardCharsets.US_ASCII);

    private final SseListener[] listeners;
    private final int maxEventBytes;
    private final SseEvent event = new SseEvent();

    private final byte[] prelude = new byte[PRELUDE];
    private int preludeLength;
    /** The message being read, after its prelude. */
    private byte[] message;

    private int messageLength;
    private int headersLength;
    /** Bytes of an oversize or malformed message still to skip. */
    private long skip;

    private boolean ended;
    private boolean endedAtBoundary;
    /** The framing made no sense: nothing more is read. */
    private boolean broken;

    public EventStreamScanner(List<? extends SseListener> listeners, int maxEventBytes) {
        this.listeners = listeners.toArray(new SseListener[0]);
        this.maxEventBytes = maxEventBytes;
    }

    /** Whether a {@code Content-Type} names this framing. */
    public static boolean eventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, CONTENT_TYPE, 0, CONTENT_TYPE.length());
    }

    @Override
    public void feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        int i = 0;
        while (i < bytes.length && !ended && !broken) {
            if (skip > 0) {
                int n = (int) Math.min(skip, bytes.length - i);
                skip -= n;
                i += n;
            } else if (message == null) {
                int n = Math.min(PRELUDE - preludeLength, bytes.length - i);
                System.arraycopy(bytes, i, prelude, preludeLength, n);
                preludeLength += n;
                i += n;
                if (preludeLength == PRELUDE) {
                    startMessage();
                }
            } else {
                int n = Math.min(message.length - messageLength, bytes.length - i);
                System.arraycopy(bytes, i, message, messageLength, n);
                messageLength += n;
                i += n;
                if (messageLength == message.length) {
                    dispatch();
                    message = null;
                    preludeLength = 0;
                }
            }
        }
    }

    private void startMessage() {
        long total = uint32(prelude, 0);
        long headers = uint32(prelude, 4);
        if (total < PRELUDE + MESSAGE_CRC || headers > total - PRELUDE - MESSAGE_CRC) {
            broken = true;
            return;
        }
        int rest = (int) Math.min(Integer.MAX_VALUE, total - PRELUDE);
        if (total > maxEventBytes) {
            event.set(null, null, new byte[0], 0, true);
            for (SseListener l : listeners) {
                l.onEvent(event);
            }
            skip = total - PRELUDE;
            preludeLength = 0;
            return;
        }
        message = new byte[rest];
        messageLength = 0;
        headersLength = (int) headers;
    }

    /** Reads the headers of a whole message and hands its payload on. */
    private void dispatch() {
        String eventType = null;
        String messageType = null;
        int i = 0;
        while (i < headersLength) {
            int nameLength = message[i] & 0xff;
            if (i + 1 + nameLength + 1 > headersLength) {
                return; // malformed headers: not an event we can read
            }
            String name = new String(message, i + 1, nameLength, StandardCharsets.UTF_8);
            i += 1 + nameLength;
            int type = message[i++] & 0xff;
            int valueLength =
                    switch (type) {
                        case 0, 1 -> 0;
                        case 2 -> 1;
                        case 3 -> 2;
                        case 4 -> 4;
                        case 5, 8 -> 8;
                        case 9 -> 16;
                        case 6, 7 ->
                            i + 2 <= headersLength ? 2 + (((message[i] & 0xff) << 8) | (message[i + 1] & 0xff)) : -1;
                        default -> -1;
                    };
            if (valueLength < 0 || i + valueLength > headersLength) {
                return;
            }
            if (type == 7) {
                String value = new String(message, i + 2, valueLength - 2, StandardCharsets.UTF_8);
                if (name.equals(":event-type")) {
                    eventType = value;
                } else if (name.equals(":message-type")) {
                    messageType = value;
                }
            }
            i += valueLength;
        }
        boolean failure = messageType != null && !messageType.equals("event");
        int payload = message.length - headersLength - MESSAGE_CRC;
        byte[] data = new byte[payload];
        System.arraycopy(message, headersLength, data, 0, payload);
        if (!failure && PAYLOAD_PART.equals(eventType)) {
            data = payloadPart(data);
            payload = data.length;
        }
        event.set(failure ? "error" : eventType, null, data, payload, false);
        for (SseListener l : listeners) {
            l.onEvent(event);
        }
    }

    /**
     * A payload part's event: its {@code bytes} field, base64-decoded (the event as the model streams it); the payload
     * as it is when it has no such field or it does not decode.
     */
    static byte[] payloadPart(byte[] payload) {
        int at = indexOf(payload, BYTES_FIELD);
        if (at < 0) {
            return payload;
        }
        int from = at + BYTES_FIELD.length;
        while (from < payload.length && (payload[from] == ' ' || payload[from] == ':')) {
            from++;
        }
        if (from >= payload.length || payload[from] != '"') {
            return payload;
        }
        int to = from + 1;
        while (to < payload.length && payload[to] != '"') {
            to++;
        }
        try {
            return Base64.getDecoder().decode(Arrays.copyOfRange(payload, from + 1, to));
        } catch (IllegalArgumentException e) {
            return payload;
        }
    }

    private static int indexOf(byte[] in, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= in.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (in[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long uint32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24)
                | ((b[at + 1] & 0xff) << 16)
                | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    @Override
    public boolean atEventBoundary() {
        return ended ? endedAtBoundary : preludeLength == 0 && message == null && skip == 0;
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        endedAtBoundary = atEventBoundary();
        ended = true;
        for (SseListener l : listeners) {
            l.onStreamEnd();
        }
    }
}
