package dev.aigateway.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aigateway.provider.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Which cache misses wait for an identical request already in flight. A streaming request never does: a waiter only
 * gets the leader's response once it is whole and stored, so its time to first byte would be the leader's whole
 * generation (up to the coalesce timeout). It goes upstream itself instead, and its stream starts at once; identical
 * requests after the first stream is stored are still answered from the cache.
 */
public final class Coalescing {

    private static final JsonFactory JSON = new JsonFactory();

    private Coalescing() {}

    /** Whether a miss for this request may wait for an identical leader (false for streaming requests). */
    public static boolean mayWait(WireFormat format, Buffer body) {
        return !streams(format, body);
    }

    /** A streaming request: {@code "stream": true} at the top of its JSON body, or a format that streams by path. */
    static boolean streams(WireFormat format, Buffer body) {
        if (format.streamsByPath()) {
            return true;
        }
        if (body == null || body.length() == 0) {
            return false;
        }
        try (JsonParser p = JSON.createParser(body.getBytes())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("stream".equals(name)) {
                    return value == JsonToken.VALUE_TRUE;
                }
                p.skipChildren();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
