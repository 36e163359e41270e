package dev.aigateway.stream;

import java.nio.charset.StandardCharsets;

/**
 * One dispatched event of an event stream, as {@link SseScanner} hands it to its listeners: its {@code event:} name,
 * the last {@code id:} seen, and its {@code data:} lines joined with {@code \n}, kept as bytes and decoded only when
 * someone asks.
 *
 * <p>A view, valid only during the {@link SseListener#onEvent} call that receives it: the scanner reuses it (and its
 * bytes) for the next event, so a listener copies what it keeps ({@link #data()} returns a fresh string).
 */
public final class SseEvent {

    private byte[] data;
    private int length;
    private String name;
    private String id;
    private boolean oversize;
    private String decoded;

    SseEvent() {}

    void set(String name, String id, byte[] data, int length, boolean oversize) {
        this.name = name;
        this.id = id;
        this.data = data;
        this.length = length;
        this.oversize = oversize;
        this.decoded = null;
    }

    /** The {@code event:} field, null when the event had none (a plain {@code message}). */
    public String name() {
        return name;
    }

    /** The last event id the stream set ({@code id:}), null when it set none. */
    public String id() {
        return id;
    }

    /**
     * Whether the data was larger than the scanner's bound: only its first bytes are here ({@link #dataLength()} of
     * them), the rest went by unread.
     */
    public boolean oversize() {
        return oversize;
    }

    /** Bytes of data held (all of it unless {@link #oversize()}). */
    public int dataLength() {
        return length;
    }

    /** The data, decoded as UTF-8 (the event is whole, so no character is split). */
    public String data() {
        if (decoded == null) {
            decoded = new String(data, 0, length, StandardCharsets.UTF_8);
        }
        return decoded;
    }

    /** The first {@code max} bytes of the data, decoded (a character cut at the end decodes as U+FFFD). */
    public String dataHead(int max) {
        return length <= max ? data() : new String(data, 0, max, StandardCharsets.UTF_8);
    }

    /** A copy of the data bytes held. */
    public byte[] dataBytes() {
        byte[] copy = new byte[length];
        System.arraycopy(data, 0, copy, 0, length);
        return copy;
    }

    /** The data byte at {@code i} ({@code 0 <= i < dataLength()}). */
    public byte dataByte(int i) {
        return data[i];
    }

    /** Whether the data, less surrounding ASCII whitespace, is exactly {@code ascii} (e.g. {@code [DONE]}). */
    public boolean dataIs(String ascii) {
        int from = 0;
        int to = length;
        while (from < to && data[from] <= ' ') {
            from++;
        }
        while (to > from && data[to - 1] <= ' ') {
            to--;
        }
        if (to - from != ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the data starts with this byte after leading ASCII whitespace (a JSON object starts with '{'). */
    public boolean dataStartsWith(char c) {
        for (int i = 0; i < length; i++) {
            if (data[i] > ' ') {
                return data[i] == c;
            }
        }
        return false;
    }

    /** Whether the data bytes contain {@code needle} (compared byte for byte). */
    public boolean dataContains(byte[] needle) {
        return Bytes.indexOf(data, 0, length, needle) >= 0;
    }

    /** Index of the first {@code needle} in the data at or after {@code from}, or -1. */
    public int dataIndexOf(byte[] needle, int from) {
        return Bytes.indexOf(data, from, length, needle);
    }
}
