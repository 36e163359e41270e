package dev.aigateway.ratelimit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Total tokens (prompt + completion, cache reads and writes included) a response reports, for settling token
 * reservations: OpenAI chat/completions/embeddings/Responses and the OpenAI-compatible family, Anthropic messages,
 * Gemini; JSON bodies and SSE streams (cumulative stream usage: the latest value wins, never a sum). -1 when unknown.
 */
public final class UsageTokens {

    private UsageTokens() {}

    public static long total(String contentType, Buffer body) {
        if (body == null || body.length() == 0 || contentType == null) {
            return -1;
        }
        try {
            if (contentType.startsWith("text/event-stream")) {
                return fromStream(body.toString(StandardCharsets.UTF_8));
            }
            if (contentType.contains("json")) {
                return fromObject(new JsonObject(body));
            }
        } catch (RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Usage of one JSON response object (or stream event payload); -1 when it has none. */
    static long fromObject(JsonObject o) {
        JsonObject usage = o.getJsonObject("usage");
        if (usage == null && o.getJsonObject("response") != null) {
            usage = o.getJsonObject("response").getJsonObject("usage"); // Responses stream: response.completed
        }
        if (usage == null && o.getJsonObject("message") != null) {
            usage = o.getJsonObject("message").getJsonObject("usage"); // Anthropic stream: message_start
        }
        if (usage != null) {
            Long total = number(usage, "total_tokens");
            if (total != null) {
                return total;
            }
            long sum = 0;
            boolean any = false;
            for (String field : new String[] {
                "prompt_tokens",
                "completion_tokens",
                "input_tokens",
                "output_tokens",
                "cache_creation_input_tokens",
                "cache_read_input_tokens"
            }) {
                Long v = number(usage, field);
                if (v != null) {
                    sum += v;
                    any = true;
                }
            }
            return any ? sum : -1;
        }
        JsonObject gemini = o.getJsonObject("usageMetadata");
        if (gemini != null) {
            Long total = number(gemini, "totalTokenCount");
            return total == null ? -1 : total;
        }
        return -1;
    }

    /**
     * The latest usage of a stream. Anthropic splits it: input (and cache) counts in {@code message_start}, cumulative
     * output in {@code message_delta}; both are kept per field and added at the end.
     */
    static long fromStream(String text) {
        long latest = -1;
        long anthropicInput = -1;
        long anthropicOutput = -1;
        for (String line : text.split("\r\n|\n|\r")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).strip();
            if (!data.startsWith("{") || !data.contains("sage")) {
                continue;
            }
            JsonObject event = new JsonObject(data);
            String type = event.getString("type");
            if ("message_start".equals(type)) {
                JsonObject u = event.getJsonObject("message").getJsonObject("usage");
                anthropicInput = sum(u, "input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens");
                anthropicOutput = Math.max(anthropicOutput, sum(u, "output_tokens"));
            } else if ("message_delta".equals(type) && event.getJsonObject("usage") != null) {
                anthropicOutput = Math.max(anthropicOutput, sum(event.getJsonObject("usage"), "output_tokens"));
            } else {
                long v = fromObject(event);
                if (v >= 0) {
                    latest = v;
                }
            }
        }
        if (anthropicInput >= 0) {
            return anthropicInput + Math.max(0, anthropicOutput);
        }
        return latest;
    }

    private static long sum(JsonObject usage, String... fields) {
        long s = 0;
        for (String f : fields) {
            Long v = number(usage, f);
            s += v == null ? 0 : v;
        }
        return s;
    }

    private static Long number(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v instanceof Number n ? n.longValue() : null;
    }
}
