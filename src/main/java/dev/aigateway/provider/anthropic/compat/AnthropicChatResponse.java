package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * An Anthropic Messages answer as an OpenAI {@code chat.completion}: text blocks joined into {@code content},
 * {@code thinking} text into {@code reasoning_content} with the blocks themselves (signatures kept, redacted ones too)
 * in {@code thinking_blocks} so a next turn can send them back; {@code tool_use} blocks as {@code tool_calls}
 * (arguments serialised); stop reasons as finish reasons; usage with the cache counts ({@code prompt_tokens} includes
 * cache reads and writes, as OpenAI's does). Errors become the OpenAI error object. Pure.
 */
public final class AnthropicChatResponse {

    private AnthropicChatResponse() {}

    public static ObjectNode translate(ObjectNode message, long created) {
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("id", message.path("id").asText(""));
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", message.path("model").asText(""));
        ArrayNode choices = out.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        boolean anyText = false;
        ArrayNode thinking = OpenAiShapes.NODES.arrayNode();
        ArrayNode calls = OpenAiShapes.NODES.arrayNode();
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    anyText = true;
                    text.append(block.path("text").asText());
                }
                case "thinking" -> {
                    reasoning.append(block.path("thinking").asText());
                    thinking.add(block);
                }
                case "redacted_thinking" -> thinking.add(block);
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", block.path("id").asText());
                    call.put("type", "function");
                    ObjectNode f = call.putObject("function");
                    f.put("name", block.path("name").asText());
                    f.put("arguments", OpenAiShapes.bytesAsString(block.path("input")));
                }
                default -> {} // server tool blocks and the like have no Chat Completions form
            }
        }
        if (anyText) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (reasoning.length() > 0) {
            msg.put("reasoning_content", reasoning.toString());
        }
        if (!thinking.isEmpty()) {
            msg.set("thinking_blocks", thinking);
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
        msg.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(message.path("stop_reason").asText(null)));
        out.set("usage", usage(message.path("usage")));
        return out;
    }

    /** Anthropic's stop reason as OpenAI's finish reason. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /**
     * Anthropic usage as OpenAI's: {@code prompt_tokens} = input + cache reads + cache writes (Anthropic's
     * {@code input_tokens} excludes both), {@code cached_tokens} = cache reads, {@code cache_write_tokens} = writes.
     */
    static ObjectNode usage(JsonNode u) {
        long input = u.path("input_tokens").asLong(0);
        long read = u.path("cache_read_input_tokens").asLong(0);
        long write = u.path("cache_creation_input_tokens").asLong(0);
        long output = u.path("output_tokens").asLong(0);
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("prompt_tokens", input + read + write);
        out.put("completion_tokens", output);
        out.put("total_tokens", input + read + write + output);
        ObjectNode details = out.putObject("prompt_tokens_details");
        details.put("cached_tokens", read);
        details.put("cache_write_tokens", write);
        return out;
    }

    /** An Anthropic error answer as the OpenAI error object, keeping Anthropic's error type as the code. */
    public static ObjectNode error(int status, byte[] body) {
        ObjectNode parsed = OpenAiShapes.object(body);
        JsonNode e = parsed == null ? null : parsed.get("error");
        String anthropicType = e == null ? null : e.path("type").asText(null);
        String message = e == null ? null : e.path("message").asText(null);
        if (message == null) {
            message = "The provider answered with status " + status;
        }
        return OpenAiShapes.error(message, openAiType(status), null, anthropicType);
    }

    /** The OpenAI error type of a status, as OpenAI's SDKs and clients expect it. */
    static String openAiType(int status) {
        if (status == 401) {
            return "authentication_error";
        }
        if (status == 403) {
            return "permission_error";
        }
        if (status == 404) {
            return "not_found_error";
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
