package dev.aigateway.compat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the value of a JSON body's top-level {@code "model"} string at the byte level: every other byte (field
 * order, spacing, number spelling, unknown fields, escapes) stays as the client wrote it. A streaming parser finds the
 * value's byte range; nothing is re-serialised.
 */
final class ModelSwap {

    private static final JsonFactory JSON = new JsonFactory();

    private ModelSwap() {}

    /**
     * The body with its top-level {@code model} string replaced by {@code model}; null when the body has no such
     * string (or is not a JSON object).
     */
    static byte[] replace(byte[] body, String model) {
        try (JsonParser p = JSON.createParser(body)) {
            if (!seekModel(p)) {
                return null;
            }
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.finishToken();
            p.getText();
            int end = start + quotedLength(body, start);
            return splice(body, start, end, quoted(model));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The top-level {@code model} string of a JSON object body, read with a streaming parser that stops there (the
     * rest of the body is not parsed); null when the body is not an object with one.
     */
    static String model(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            return seekModel(p) ? p.getText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Length of the JSON string starting with the quote at {@code start}, quotes included. */
    private static int quotedLength(byte[] body, int start) {
        int i = start + 1;
        while (i < body.length) {
            byte b = body[i];
            if (b == '\\') {
                i += 2;
                continue;
            }
            if (b == '"') {
                return i + 1 - start;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private static byte[] splice(byte[] body, int start, int end, byte[] value) {
        byte[] out = new byte[body.length - (end - start) + value.length];
        System.arraycopy(body, 0, out, 0, start);
        System.arraycopy(value, 0, out, start, value.length);
        System.arraycopy(body, end, out, start + value.length, body.length - end);
        return out;
    }

    /** A string as a JSON string literal. */
    static byte[] quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Moves {@code p} onto the value of the body's top-level {@code model} string; false when there is none. */
    private static boolean seekModel(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("model") && value == JsonToken.VALUE_STRING) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }
}
