package dev.aigateway.usage;

import dev.aigateway.provider.UsageDialect;
import dev.aigateway.provider.Vendors;
import dev.aigateway.stream.SseEvent;
import dev.aigateway.stream.SseListener;
import dev.aigateway.stream.SseScanner;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Usage of an event stream, read event by event as it passes: fed bytes ({@link #feed}) or, as a listener, the
 * events of the response's one scan. Only events that may hold usage or the model are parsed.
 */
public final class StreamUsage implements SseListener {
    private static final byte[] MODEL = "\"model".getBytes(StandardCharsets.US_ASCII);
    /** The end of a {@code "usage"} or {@code "usageMetadata"} key. */
    private static final byte[] USAGE = "sage".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] USAGE_KEY_END = "sage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METADATA_KEY_END = "sageMetadata\"".getBytes(StandardCharsets.US_ASCII);

    private final UsageDialect dialect;
    private SseScanner scanner;
    private Usage latest;
    private JsonObject messages;
    private String messagesModel;
    private String model;

    public StreamUsage(String provider) {
        this.dialect = Vendors.usageDialect(provider);
    }

    /** Feeds the stream's bytes (for a stream nobody else scans). */
    public void feed(Buffer chunk) {
        if (scanner == null) {
            scanner = new SseScanner(this);
        }
        scanner.feed(chunk);
    }

    /** The usage the stream reported last; null when it reported none. */
    public Usage result() {
        if (scanner != null) {
            scanner.end();
        }
        if (messages != null) {
            return UsageExtractor.messages(messages, messagesModel != null ? messagesModel : model);
        }
        return latest == null ? null : latest.model() == null ? latest.withModel(model) : latest;
    }

    @Override
    public void onEvent(SseEvent e) {
        if (e.oversize() || !e.dataStartsWith('{')) {
            return; // [DONE], keep-alives; an event too large to hold whole cannot be parsed
        }
        boolean modelHere = model == null && e.dataContains(MODEL);
        boolean usageHere = e.dataContains(USAGE) && hasUsageObject(e);
        if (!modelHere && !usageHere) {
            return; // not worth parsing
        }
        JsonObject event;
        try {
            event = new JsonObject(e.data());
        } catch (RuntimeException ex) {
            return;
        }
        if (modelHere) {
            model = modelOf(event);
        }
        if (!usageHere) {
            return;
        }
        String type = event.getValue("type") instanceof String t ? t : null;
        if ("message_start".equals(type) && UsageExtractor.object(event, "message") != null) {
            JsonObject message = UsageExtractor.object(event, "message");
            messagesModel = message.getString("model");
            if (UsageExtractor.object(message, "usage") != null) {
                messages = UsageExtractor.object(message, "usage").copy();
            }
            return;
        }
        if ("message_delta".equals(type) && UsageExtractor.object(event, "usage") != null) {
            if (messages == null) {
                messages = new JsonObject();
            }
            UsageExtractor.object(event, "usage").forEach(f -> {
                if (f.getValue() != null) {
                    messages.put(f.getKey(), f.getValue()); // cumulative: the latest value of each field
                }
            });
            return;
        }
        Usage u = UsageExtractor.fromJson(dialect, event);
        if (u != null) {
            latest = u;
        }
    }

    /**
     * Whether a usage key with an object value is in the event ({@code "usage": {…}}): the {@code "usage":null}
     * that {@code include_usage} adds to every chunk is not worth parsing.
     */
    private static boolean hasUsageObject(SseEvent e) {
        return objectAfter(e, USAGE_KEY_END) || objectAfter(e, METADATA_KEY_END);
    }

    /** Whether some {@code key} in the data is followed by {@code :} and an object. */
    private static boolean objectAfter(SseEvent e, byte[] key) {
        for (int at = e.dataIndexOf(key, 0); at >= 0; at = e.dataIndexOf(key, at + 1)) {
            int j = skipSpace(e, at + key.length);
            if (j < e.dataLength() && e.dataByte(j) == ':') {
                j = skipSpace(e, j + 1);
                if (j < e.dataLength() && e.dataByte(j) == '{') {
                    return true;
                }
            }
        }
        return false;
    }

    private static int skipSpace(SseEvent e, int from) {
        int i = from;
        while (i < e.dataLength()
                && (e.dataByte(i) == ' ' || e.dataByte(i) == '\t' || e.dataByte(i) == '\n' || e.dataByte(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static String modelOf(JsonObject o) {
        String m = UsageExtractor.firstString(o, "model", "modelVersion");
        if (m == null && UsageExtractor.object(o, "message") != null) {
            m = UsageExtractor.object(o, "message").getString("model");
        }
        if (m == null && UsageExtractor.object(o, "response") != null) {
            m = UsageExtractor.object(o, "response").getString("model");
        }
        return m;
    }
}
