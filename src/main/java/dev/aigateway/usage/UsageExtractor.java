package dev.aigateway.usage;

import dev.aigateway.provider.UsageDialect;
import dev.aigateway.provider.Vendors;
import dev.aigateway.stream.EventScanner;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Reads the usage a provider reports, for every wire format the gateway proxies: chat/completions/embeddings and the
 * compatible family, the Responses API, the Messages API, generateContent, the v2 chat with billed units,
 * Converse — JSON bodies, server-sent and binary event streams. Vendor differences come from the provider's {@link UsageDialect}.
 * Streams report cumulative usage: the latest value wins, never a sum (the Messages API splits it between
 * {@code message_start} and {@code message_delta}: merged field by field). Unknown usage is null, never a guess.
 */
public final class UsageExtractor {

    private UsageExtractor() {}

    /** Usage of a whole response body from this provider; null when it reports none. */
    public static Usage extract(String provider, String contentType, Buffer body) {
        if (body == null || body.length() == 0 || contentType == null) {
            return null;
        }
        try {
            if (contentType.contains("json")) { // the common case first: no event reader is built for it
                return fromJson(Vendors.usageDialect(provider), new JsonObject(body));
            }
            StreamUsage stream = new StreamUsage(provider);
            EventScanner events = EventScanner.of(contentType, List.of(stream));
            if (events != null) {
                events.feed(body);
                events.end();
                return stream.result();
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Usage of one JSON response (or one stream event); null when it has none. */
    public static Usage fromJson(UsageDialect dialect, JsonObject o) {
        JsonObject metadata = o.getJsonObject("usageMetadata");
        if (metadata != null) {
            return generateContent(metadata, firstString(o, "modelVersion", "model"));
        }
        JsonObject u = object(o, "usage");
        String model = o.getValue("model") instanceof String s ? s : null;
        if (u == null) {
            JsonObject response = object(o, "response"); // Responses stream: response.completed
            if (response != null && object(response, "usage") != null) {
                return responses(object(response, "usage"), response.getString("model"));
            }
            JsonObject message = object(o, "message"); // Messages stream: message_start
            if (message != null && object(message, "usage") != null) {
                return messages(object(message, "usage"), message.getString("model"));
            }
            for (String container : dialect.usageContainers()) {
                JsonObject c = object(o, container);
                if (c != null && object(c, "usage") != null) {
                    return chat(dialect, object(c, "usage"), model);
                }
            }
            JsonObject delta = object(o, "delta"); // v2 chat stream: message-end
            if (delta != null && object(delta, "usage") != null) {
                return billedUnits(object(delta, "usage"), model);
            }
            return null;
        }
        if (u.containsKey("inputTokens")) {
            return converse(u, model);
        }
        if (u.containsKey("billed_units")) {
            return billedUnits(u, model);
        }
        if (dialect.messagesUsage()
                || "message".equals(o.getValue("type"))
                || u.containsKey("cache_creation_input_tokens")
                || u.containsKey("cache_read_input_tokens")) {
            return messages(u, model);
        }
        if (u.containsKey("input_tokens")) {
            return responses(u, model);
        }
        if (u.containsKey("prompt_tokens")) {
            return chat(dialect, u, model);
        }
        return null;
    }

    /** Chat/completions/embeddings and the compatible family: cached tokens are inside the prompt count. */
    static Usage chat(UsageDialect dialect, JsonObject u, String model) {
        long input = n(u, "prompt_tokens");
        JsonObject details = object(u, "prompt_tokens_details");
        long cached = details != null && details.containsKey("cached_tokens") ? n(details, "cached_tokens") : 0;
        if (details == null || !details.containsKey("cached_tokens")) {
            for (String field : dialect.cachedInputFields()) {
                if (u.containsKey(field)) {
                    cached = n(u, field);
                    break;
                }
            }
        }
        long write = details == null ? 0 : n(details, "cache_write_tokens");
        long output = n(u, "completion_tokens");
        JsonObject outDetails = object(u, "completion_tokens_details");
        long reasoning = outDetails != null && outDetails.containsKey("reasoning_tokens")
                ? n(outDetails, "reasoning_tokens")
                : n(u, "reasoning_tokens");
        if (dialect.reasoningOutsideOutput()) {
            output += reasoning;
        }
        for (String field : dialect.outputAddedFields()) {
            output += n(u, field);
        }
        return new Usage(model, input, cached, write, output, reasoning, u.encode());
    }

    /** Responses API: cached tokens inside input, reasoning inside output. */
    static Usage responses(JsonObject u, String model) {
        JsonObject in = object(u, "input_tokens_details");
        JsonObject out = object(u, "output_tokens_details");
        return new Usage(
                model,
                n(u, "input_tokens"),
                in == null ? 0 : n(in, "cached_tokens"),
                in == null ? 0 : n(in, "cache_write_tokens"),
                n(u, "output_tokens"),
                out == null ? 0 : n(out, "reasoning_tokens"),
                u.encode());
    }

    /**
     * Messages API: {@code input_tokens} excludes cache reads and writes, which are added; {@code cache_creation}
     * splits the writes by lifetime (1-hour writes cost more than 5-minute ones).
     */
    static Usage messages(JsonObject u, String model) {
        long read = n(u, "cache_read_input_tokens");
        long write = n(u, "cache_creation_input_tokens");
        JsonObject creation = object(u, "cache_creation");
        long write1h = creation == null ? 0 : Math.min(write, n(creation, "ephemeral_1h_input_tokens"));
        return new Usage(
                model, n(u, "input_tokens") + read + write, read, write, n(u, "output_tokens"), 0, u.encode(), write1h);
    }

    /** generateContent ({@code usageMetadata}): thoughts are outside the candidates count, and are added. */
    static Usage generateContent(JsonObject u, String model) {
        long thoughts = n(u, "thoughtsTokenCount");
        return new Usage(
                model,
                n(u, "promptTokenCount") + n(u, "toolUsePromptTokenCount"),
                n(u, "cachedContentTokenCount"),
                0,
                n(u, "candidatesTokenCount") + thoughts,
                thoughts,
                u.encode());
    }

    /** Converse: cache reads and writes are outside {@code inputTokens}. */
    static Usage converse(JsonObject u, String model) {
        long read = n(u, "cacheReadInputTokens");
        long write = n(u, "cacheWriteInputTokens");
        return new Usage(model, n(u, "inputTokens") + read + write, read, write, n(u, "outputTokens"), 0, u.encode());
    }

    /** v2 chat: billed units (or tokens). */
    static Usage billedUnits(JsonObject u, String model) {
        JsonObject billed = object(u, "billed_units");
        JsonObject tokens = billed != null ? billed : object(u, "tokens");
        if (tokens == null) {
            return null;
        }
        return new Usage(model, n(tokens, "input_tokens"), 0, 0, n(tokens, "output_tokens"), 0, u.encode());
    }

    static String firstString(JsonObject o, String... fields) {
        for (String f : fields) {
            if (o.getValue(f) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    static JsonObject object(JsonObject o, String field) {
        return o.getValue(field) instanceof JsonObject j ? j : null;
    }

    private static long n(JsonObject o, String field) {
        return o.getValue(field) instanceof Number v ? v.longValue() : 0;
    }
}
