package dev.aigateway.usage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Reads the usage a provider reports, for every wire format the gateway proxies: OpenAI chat/completions/embeddings
 * and the OpenAI-compatible family (Groq incl. {@code x_groq}, Mistral, DeepSeek, xAI, OpenRouter, Cerebras,
 * Perplexity), the Responses API, Anthropic messages, Gemini generateContent, Cohere v2, Bedrock Converse — JSON bodies
 * and SSE streams. Streams report cumulative usage: the latest value wins, never a sum (Anthropic splits it between
 * {@code message_start} and {@code message_delta}: merged field by field). Unknown usage is null, never a guess.
 */
public final class UsageExtractor {

    private UsageExtractor() {}

    /** Usage of a whole response body; null when it reports none. */
    public static Usage extract(String provider, String contentType, Buffer body) {
        if (body == null || body.length() == 0 || contentType == null) {
            return null;
        }
        try {
            if (contentType.startsWith("text/event-stream")) {
                Stream stream = new Stream(provider);
                stream.feed(body);
                return stream.result();
            }
            if (contentType.contains("json")) {
                return fromJson(provider, new JsonObject(body));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Usage of one JSON response (or one stream event); null when it has none. */
    public static Usage fromJson(String provider, JsonObject o) {
        JsonObject gemini = o.getJsonObject("usageMetadata");
        if (gemini != null) {
            return gemini(gemini, firstString(o, "modelVersion", "model"));
        }
        JsonObject u = object(o, "usage");
        String model = o.getValue("model") instanceof String s ? s : null;
        if (u == null) {
            JsonObject response = object(o, "response"); // Responses stream: response.completed
            if (response != null && object(response, "usage") != null) {
                return responses(object(response, "usage"), response.getString("model"));
            }
            JsonObject message = object(o, "message"); // Anthropic stream: message_start
            if (message != null && object(message, "usage") != null) {
                return anthropic(object(message, "usage"), message.getString("model"));
            }
            JsonObject groq = object(o, "x_groq");
            if (groq != null && object(groq, "usage") != null) {
                return openAi(provider, object(groq, "usage"), model);
            }
            JsonObject delta = object(o, "delta"); // Cohere stream: message-end
            if (delta != null && object(delta, "usage") != null) {
                return cohere(object(delta, "usage"), model);
            }
            return null;
        }
        if (u.containsKey("inputTokens")) {
            return bedrock(u, model);
        }
        if (u.containsKey("billed_units")) {
            return cohere(u, model);
        }
        if ("anthropic".equals(provider)
                || "message".equals(o.getValue("type"))
                || u.containsKey("cache_creation_input_tokens")
                || u.containsKey("cache_read_input_tokens")) {
            return anthropic(u, model);
        }
        if (u.containsKey("input_tokens")) {
            return responses(u, model);
        }
        if (u.containsKey("prompt_tokens")) {
            return openAi(provider, u, model);
        }
        return null;
    }

    /** OpenAI chat/completions/embeddings and the compatible family: cached tokens are inside the prompt count. */
    static Usage openAi(String provider, JsonObject u, String model) {
        long input = n(u, "prompt_tokens");
        JsonObject details = object(u, "prompt_tokens_details");
        long cached = details != null && details.containsKey("cached_tokens")
                ? n(details, "cached_tokens")
                : u.containsKey("prompt_cache_hit_tokens") // DeepSeek
                        ? n(u, "prompt_cache_hit_tokens")
                        : n(u, "cached_prompt_text_tokens"); // xAI
        long write = details == null ? 0 : n(details, "cache_write_tokens");
        long output = n(u, "completion_tokens");
        JsonObject outDetails = object(u, "completion_tokens_details");
        long reasoning = outDetails != null && outDetails.containsKey("reasoning_tokens")
                ? n(outDetails, "reasoning_tokens")
                : n(u, "reasoning_tokens");
        if ("grok".equals(provider)) {
            output += reasoning; // xAI counts reasoning outside completion_tokens
        } else if ("perplexity-ai".equals(provider)) {
            output += n(u, "reasoning_tokens") + n(u, "citation_tokens");
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
     * Anthropic: {@code input_tokens} excludes cache reads and writes, which are added; {@code cache_creation} splits
     * the writes by lifetime (1-hour writes cost more than 5-minute ones).
     */
    static Usage anthropic(JsonObject u, String model) {
        long read = n(u, "cache_read_input_tokens");
        long write = n(u, "cache_creation_input_tokens");
        JsonObject creation = object(u, "cache_creation");
        long write1h = creation == null ? 0 : Math.min(write, n(creation, "ephemeral_1h_input_tokens"));
        return new Usage(
                model, n(u, "input_tokens") + read + write, read, write, n(u, "output_tokens"), 0, u.encode(), write1h);
    }

    /** Gemini / Vertex: thoughts are outside the candidates count, and are added. */
    static Usage gemini(JsonObject u, String model) {
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

    /** Bedrock Converse: cache reads and writes are outside {@code inputTokens}. */
    static Usage bedrock(JsonObject u, String model) {
        long read = n(u, "cacheReadInputTokens");
        long write = n(u, "cacheWriteInputTokens");
        return new Usage(model, n(u, "inputTokens") + read + write, read, write, n(u, "outputTokens"), 0, u.encode());
    }

    /** Cohere v2: billed units. */
    static Usage cohere(JsonObject u, String model) {
        JsonObject billed = object(u, "billed_units");
        JsonObject tokens = billed != null ? billed : object(u, "tokens");
        if (tokens == null) {
            return null;
        }
        return new Usage(model, n(tokens, "input_tokens"), 0, 0, n(tokens, "output_tokens"), 0, u.encode());
    }

    /** Usage of a stream, fed chunk by chunk as it passes. */
    public static final class Stream {
        private final String provider;
        private final SseParser parser = new SseParser(this::event);
        private Usage latest;
        private JsonObject anthropic;
        private String anthropicModel;
        private String model;

        public Stream(String provider) {
            this.provider = provider;
        }

        public void feed(Buffer chunk) {
            parser.feed(chunk);
        }

        /** The usage the stream reported last; null when it reported none. */
        public Usage result() {
            parser.end();
            if (anthropic != null) {
                return anthropic(anthropic, anthropicModel != null ? anthropicModel : model);
            }
            return latest == null ? null : latest.model() == null ? latest.withModel(model) : latest;
        }

        private void event(String name, String data) {
            if (data.isEmpty() || data.charAt(0) != '{') {
                return; // [DONE], keep-alives
            }
            if (model == null && data.contains("\"model")) {
                model = modelOf(data);
            }
            if (!data.contains("sage")) {
                return; // no usage / usageMetadata in this event: not worth parsing
            }
            JsonObject event;
            try {
                event = new JsonObject(data);
            } catch (RuntimeException e) {
                return;
            }
            String type = event.getValue("type") instanceof String t ? t : null;
            if ("message_start".equals(type) && object(event, "message") != null) {
                JsonObject message = object(event, "message");
                anthropicModel = message.getString("model");
                if (object(message, "usage") != null) {
                    anthropic = object(message, "usage").copy();
                }
                return;
            }
            if ("message_delta".equals(type) && object(event, "usage") != null) {
                if (anthropic == null) {
                    anthropic = new JsonObject();
                }
                object(event, "usage").forEach(e -> {
                    if (e.getValue() != null) {
                        anthropic.put(e.getKey(), e.getValue()); // cumulative: the latest value of each field
                    }
                });
                return;
            }
            Usage u = fromJson(provider, event);
            if (u != null) {
                latest = u;
            }
        }

        private static String modelOf(String data) {
            try {
                JsonObject o = new JsonObject(data);
                String m = firstString(o, "model", "modelVersion");
                if (m == null && object(o, "message") != null) {
                    m = object(o, "message").getString("model");
                }
                if (m == null && object(o, "response") != null) {
                    m = object(o, "response").getString("model");
                }
                return m;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static String firstString(JsonObject o, String... fields) {
        for (String f : fields) {
            if (o.getValue(f) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    private static JsonObject object(JsonObject o, String field) {
        return o.getValue(field) instanceof JsonObject j ? j : null;
    }

    private static long n(JsonObject o, String field) {
        return o.getValue(field) instanceof Number v ? v.longValue() : 0;
    }

    static String text(Buffer b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
