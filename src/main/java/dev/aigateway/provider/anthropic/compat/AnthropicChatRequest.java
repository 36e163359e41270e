package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.util.Map;

/**
 * An OpenAI Chat Completions request as an Anthropic Messages request. Pure: {@link #translate} reads the client's body
 * and builds a new one.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they are, become the top-level {@code system} text
 *       blocks, in order;
 *   <li>user parts: {@code text}; {@code image_url} with an https URL → an {@code image} with a {@code url} source, with
 *       a {@code data:} URL → a {@code base64} source;
 *   <li>assistant messages: {@code thinking_blocks} (returned by this gateway, signatures included) first, then text,
 *       then {@code tool_calls} as {@code tool_use} blocks (arguments parsed);
 *   <li>{@code tool} messages → {@code tool_result} blocks of one user turn (consecutive results share the turn);
 *   <li>{@code max_completion_tokens} / {@code max_tokens} (else the configured default), {@code temperature},
 *       {@code top_p}, {@code top_k}, {@code stop} → {@code stop_sequences}, {@code user} → {@code metadata.user_id},
 *       {@code tools}, {@code tool_choice} (auto / none / required → any / named → tool), {@code
 *       parallel_tool_calls: false} → {@code disable_parallel_tool_use}, {@code reasoning_effort} → a {@code thinking}
 *       budget, {@code response_format} {@code json_schema} → {@code output_config.format} (Anthropic's structured
 *       output: the answer stays a text block, so the client reads {@code message.content} as with OpenAI);
 *   <li>refused with a 400: {@code n > 1}, {@code logprobs}, {@code top_logprobs}, {@code logit_bias}, non-zero
 *       penalties, {@code seed}, audio output, {@code prediction}, {@code response_format: json_object}, non-function
 *       tools, unknown message roles and part types.
 * </ul>
 *
 * Fields that only steer OpenAI's own service ({@code store}, {@code metadata}, {@code service_tier}, {@code
 * prompt_cache_key}, {@code stream_options}) are not sent.
 */
public final class AnthropicChatRequest {

    /** {@code reasoning_effort} → thinking budget tokens. */
    static final Map<String, Integer> BUDGETS = Map.of("minimal", 1024, "low", 2048, "medium", 8192, "high", 24576);

    private final int defaultMaxTokens;

    /** @param defaultMaxTokens {@code max_tokens} when the client sets none (Anthropic requires one) */
    public AnthropicChatRequest(int defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    public ObjectNode translate(ObjectNode chat, String model) {
        refuseUnsupported(chat);
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("model", model);
        ArrayNode system = OpenAiShapes.NODES.arrayNode();
        ArrayNode messages = out.putArray("messages");
        JsonNode in = chat.get("messages");
        if (in == null || !in.isArray() || in.isEmpty()) {
            throw new CompatRefusal("'messages' must be a non-empty array", "messages");
        }
        for (int i = 0; i < in.size(); i++) {
            AnthropicChatMessages.message(in.get(i), i, system, messages);
        }
        if (!system.isEmpty()) {
            out.set("system", system);
        }
        long maxTokens = maxTokens(chat);
        JsonNode effort = chat.get("reasoning_effort");
        if (effort != null && effort.isTextual() && !effort.asText().equals("none")) {
            Integer budget = BUDGETS.get(effort.asText());
            if (budget == null) {
                throw new CompatRefusal(
                        "reasoning_effort must be one of none, minimal, low, medium, high", "reasoning_effort");
            }
            if (maxTokens <= 0) {
                maxTokens = (long) defaultMaxTokens + budget;
            } else if (maxTokens <= budget) {
                budget = (int) Math.max(1024, maxTokens - 1);
                if (budget >= maxTokens) {
                    throw new CompatRefusal(
                            "max_completion_tokens must be above 1024 with reasoning_effort on this model",
                            "max_completion_tokens");
                }
            }
            ObjectNode thinking = out.putObject("thinking");
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", budget);
        }
        out.put("max_tokens", maxTokens > 0 ? maxTokens : defaultMaxTokens);
        copyNumber(chat, "temperature", out, "temperature");
        copyNumber(chat, "top_p", out, "top_p");
        copyNumber(chat, "top_k", out, "top_k");
        stop(chat.get("stop"), out);
        JsonNode stream = chat.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            out.put("stream", true);
        }
        JsonNode user = chat.get("user");
        if (user == null || !user.isTextual()) {
            user = chat.get("safety_identifier");
        }
        if (user != null && user.isTextual()) {
            out.putObject("metadata").put("user_id", user.asText());
        }
        tools(chat, out);
        responseFormat(chat.get("response_format"), out);
        return out;
    }

    private static void refuseUnsupported(ObjectNode chat) {
        JsonNode n = chat.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw new CompatRefusal("n > 1 is not supported by anthropic (one choice per request)", "n");
        }
        if (chat.path("logprobs").asBoolean(false)) {
            throw new CompatRefusal("logprobs is not supported by anthropic", "logprobs");
        }
        present(chat, "top_logprobs");
        present(chat, "seed");
        present(chat, "prediction");
        present(chat, "audio");
        present(chat, "functions");
        present(chat, "function_call");
        JsonNode bias = chat.get("logit_bias");
        if (bias != null && !bias.isNull() && !bias.isEmpty()) {
            throw new CompatRefusal("logit_bias is not supported by anthropic", "logit_bias");
        }
        for (String penalty : new String[] {"frequency_penalty", "presence_penalty"}) {
            JsonNode p = chat.get(penalty);
            if (p != null && !p.isNull() && p.asDouble() != 0) {
                throw new CompatRefusal(penalty + " is not supported by anthropic", penalty);
            }
        }
        JsonNode modalities = chat.get("modalities");
        if (modalities != null && modalities.toString().contains("audio")) {
            throw new CompatRefusal("audio output is not supported by anthropic", "modalities");
        }
    }

    private static void present(ObjectNode chat, String field) {
        JsonNode v = chat.get(field);
        if (v != null && !v.isNull()) {
            throw new CompatRefusal(field + " is not supported by anthropic", field);
        }
    }

    private static long maxTokens(ObjectNode chat) {
        JsonNode m = chat.get("max_completion_tokens");
        if (m == null || m.isNull()) {
            m = chat.get("max_tokens");
        }
        if (m == null || m.isNull()) {
            return 0;
        }
        if (!m.canConvertToLong() || m.asLong() < 1) {
            throw new CompatRefusal("max_completion_tokens must be a positive integer", "max_completion_tokens");
        }
        return m.asLong();
    }

    private static void copyNumber(ObjectNode from, String name, ObjectNode to, String as) {
        JsonNode v = from.get(name);
        if (v != null && v.isNumber()) {
            to.set(as, v);
        }
    }

    private static void stop(JsonNode stop, ObjectNode out) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode seqs = out.putArray("stop_sequences");
        if (stop.isTextual()) {
            seqs.add(stop.asText());
        } else if (stop.isArray()) {
            stop.forEach(s -> seqs.add(s.asText()));
        } else {
            throw new CompatRefusal("stop must be a string or an array of strings", "stop");
        }
    }

    private static void tools(ObjectNode chat, ObjectNode out) {
        JsonNode tools = chat.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode defs = out.putArray("tools");
            for (int t = 0; t < tools.size(); t++) {
                JsonNode tool = tools.get(t);
                if (!"function".equals(tool.path("type").asText())) {
                    throw new CompatRefusal(
                            "tools[" + t + "]: only function tools are supported by anthropic", "tools");
                }
                JsonNode f = tool.path("function");
                ObjectNode def = defs.addObject();
                def.put("name", f.path("name").asText());
                if (f.hasNonNull("description")) {
                    def.put("description", f.get("description").asText());
                }
                JsonNode params = f.get("parameters");
                def.set("input_schema", params != null && params.isObject() ? params : emptySchema());
                AnthropicChatMessages.copyCacheControl(tool, def);
            }
        }
        JsonNode choice = chat.get("tool_choice");
        ObjectNode tc = null;
        if (choice != null && choice.isTextual()) {
            String c = choice.asText();
            tc = OpenAiShapes.NODES.objectNode();
            switch (c) {
                case "auto" -> tc.put("type", "auto");
                case "none" -> tc.put("type", "none");
                case "required" -> tc.put("type", "any");
                default -> throw new CompatRefusal("tool_choice '" + c + "' is not supported", "tool_choice");
            }
        } else if (choice != null && choice.isObject()) {
            tc = OpenAiShapes.NODES.objectNode();
            tc.put("type", "tool");
            tc.put("name", choice.path("function").path("name").asText());
        }
        JsonNode parallel = chat.get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean() && !parallel.asBoolean() && out.has("tools")) {
            if (tc == null) {
                tc = OpenAiShapes.NODES.objectNode().put("type", "auto");
            }
            if (!"none".equals(tc.path("type").asText())) {
                tc.put("disable_parallel_tool_use", true);
            }
        }
        if (tc != null) {
            out.set("tool_choice", tc);
        }
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = OpenAiShapes.NODES.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static void responseFormat(JsonNode format, ObjectNode out) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asText();
        switch (type) {
            case "text" -> {}
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw new CompatRefusal("response_format.json_schema.schema is required", "response_format");
                }
                ObjectNode f = out.putObject("output_config").putObject("format");
                f.put("type", "json_schema");
                f.set("schema", schema);
            }
            default ->
                throw new CompatRefusal(
                        "response_format '" + type + "' is not supported by anthropic; use json_schema",
                        "response_format");
        }
    }
}
