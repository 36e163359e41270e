package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.nio.charset.StandardCharsets;

/**
 * An OpenAI {@code chat.completion} as an Anthropic message: {@code content} → a text block, {@code tool_calls} →
 * {@code tool_use} blocks (arguments parsed), finish reasons as stop reasons ({@code stop} → {@code end_turn},
 * {@code length} → {@code max_tokens}, {@code tool_calls} → {@code tool_use}, {@code content_filter} → {@code
 * refusal}), usage with Anthropic's accounting ({@code input_tokens} excludes the cached reads and writes). OpenAI
 * errors become Anthropic's error object. Pure.
 */
final class MessagesOverChatResponse {

    private MessagesOverChatResponse() {}

    static ObjectNode translate(ObjectNode completion) {
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("id", completion.path("id").asText(""));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", completion.path("model").asText(""));
        ArrayNode content = out.putArray("content");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode msg = choice.path("message");
        String text = msg.path("content").asText("");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : msg.path("tool_calls")) {
            content.add(toolUse(
                    call.path("id").asText(),
                    call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("")));
        }
        out.put("stop_reason", stopReason(choice.path("finish_reason").asText(null)));
        out.putNull("stop_sequence");
        out.set("usage", usage(completion.path("usage")));
        return out;
    }

    static ObjectNode toolUse(String id, String name, String arguments) {
        ObjectNode use = OpenAiShapes.NODES.objectNode();
        use.put("type", "tool_use");
        use.put("id", id);
        use.put("name", name);
        ObjectNode input = arguments.isBlank() ? null : OpenAiShapes.object(arguments);
        use.set("input", input != null ? input : OpenAiShapes.NODES.objectNode());
        return use;
    }

    static String stopReason(String finish) {
        if (finish == null) {
            return null;
        }
        return switch (finish) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }

    /** OpenAI usage in Anthropic's terms: {@code input_tokens} without the cached reads and writes. */
    static ObjectNode usage(JsonNode u) {
        long prompt = u.path("prompt_tokens").asLong(0);
        long read = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long write = u.path("prompt_tokens_details").path("cache_write_tokens").asLong(0);
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("input_tokens", Math.max(0, prompt - read - write));
        out.put("cache_creation_input_tokens", write);
        out.put("cache_read_input_tokens", read);
        out.put("output_tokens", u.path("completion_tokens").asLong(0));
        return out;
    }

    /** An OpenAI error answer as Anthropic's {@code {"type":"error","error":{"type","message"}}}. */
    static ObjectNode error(int status, byte[] body) {
        ObjectNode parsed = OpenAiShapes.object(body);
        String message =
                parsed == null ? null : parsed.path("error").path("message").asText(null);
        if (message == null) {
            message = parsed == null
                    ? "The provider answered with status " + status + ": "
                            + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                    : "The provider answered with status " + status;
        }
        return error(type(status), message);
    }

    static ObjectNode error(String type, String message) {
        ObjectNode root = OpenAiShapes.NODES.objectNode();
        root.put("type", "error");
        ObjectNode e = root.putObject("error");
        e.put("type", type);
        e.put("message", message);
        return root;
    }

    static String type(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
