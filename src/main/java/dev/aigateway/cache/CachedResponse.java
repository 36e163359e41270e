package dev.aigateway.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A stored response: status, the provider's headers (minus per-connection and per-response ones) and the body bytes
 * exactly as the client received them (an SSE stream is kept as its byte sequence, framing and terminal marker
 * included, and replayed as is).
 */
public record CachedResponse(int status, List<Map.Entry<String, String>> headers, Buffer body, long storedAtMillis) {

    private static final int MAGIC = 0x41494743; // "AIGC"
    private static final byte VERSION = 1;

    /** Not stored: they describe one transfer or one client, not the response. */
    private static final Set<String> NOT_STORED = Set.of(
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "date",
            "set-cookie",
            "age",
            "cf-aig-cache-status",
            "cf-aig-cache-match",
            "cf-aig-cache-similarity",
            "cf-aig-cache-shadow",
            "cf-aig-log-id",
            "cf-aig-request-id",
            "cf-aig-event-id");

    public static CachedResponse of(int status, MultiMap headers, Buffer body, long now) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (!NOT_STORED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                kept.add(Map.entry(h.getKey(), h.getValue()));
            }
        }
        return new CachedResponse(status, List.copyOf(kept), body, now);
    }

    public Buffer encode() {
        Buffer out = Buffer.buffer(body.length() + 256);
        out.appendInt(MAGIC).appendByte(VERSION).appendInt(status).appendLong(storedAtMillis);
        out.appendInt(headers.size());
        for (Map.Entry<String, String> h : headers) {
            appendString(out, h.getKey());
            appendString(out, h.getValue());
        }
        out.appendInt(body.length()).appendBuffer(body);
        return out;
    }

    /**
     * Null for anything that is not a whole entry of this version (treated as a miss); a corrupt count or length never
     * makes it allocate more than the input's size.
     */
    public static CachedResponse decode(Buffer in) {
        try {
            if (in == null || in.length() < 21 || in.getInt(0) != MAGIC || in.getByte(4) != VERSION) {
                return null;
            }
            int pos = 5;
            int status = in.getInt(pos);
            long storedAt = in.getLong(pos + 4);
            int count = in.getInt(pos + 12);
            pos += 16;
            if (count < 0 || count > (in.length() - pos) / 8) {
                return null; // each header takes at least 8 bytes: a corrupt count must not size the list
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int nl = length(in, pos);
                String name = in.getString(pos + 4, pos + 4 + nl, StandardCharsets.UTF_8.name());
                pos += 4 + nl;
                int vl = length(in, pos);
                String value = in.getString(pos + 4, pos + 4 + vl, StandardCharsets.UTF_8.name());
                pos += 4 + vl;
                headers.add(Map.entry(name, value));
            }
            int length = in.getInt(pos);
            pos += 4;
            if (pos + length != in.length()) {
                return null;
            }
            return new CachedResponse(status, List.copyOf(headers), in.getBuffer(pos, pos + length), storedAt);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A string's length field, checked against the bytes left: a corrupt one must not size an allocation. */
    private static int length(Buffer in, int pos) {
        int length = in.getInt(pos);
        if (length < 0 || length > in.length() - pos - 4) {
            throw new IndexOutOfBoundsException("length " + length + " at " + pos);
        }
        return length;
    }

    private static void appendString(Buffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.appendInt(bytes.length).appendBytes(bytes);
    }
}
