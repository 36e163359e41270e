package dev.aigateway.provider.openai.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * An OpenAI {@code chat.completion} as a Responses {@code response} object. Pure.
 *
 * <ul>
 *   <li>{@code reasoning_content} → a {@code reasoning} item (the text as its summary) whose {@code
 *       encrypted_content} carries the provider's {@code thinking_blocks} (signatures kept) for the next turn;
 *   <li>{@code content} → a {@code message} item with one {@code output_text} part; {@code tool_calls} → {@code
 *       function_call} items;
 *   <li>finish reasons: {@code length} → status {@code incomplete} ({@code max_output_tokens}), {@code
 *       content_filter} → {@code incomplete} ({@code content_filter}), else {@code completed};
 *   <li>a tool call's thought signature ({@code extra_content.google.thought_signature}) rides in its {@code call_id}
 *       after {@link #SIGNATURE_MARK}; the request side takes it out again;
 *   <li>usage: {@code input_tokens} (cached included, as OpenAI counts), {@code input_tokens_details.cached_tokens}
 *       and {@code cache_write_tokens} (0 when the provider reports none), {@code output_tokens} with {@code output_tokens_details.reasoning_tokens}.
 * </ul>
 *
 * The request's own settings ({@code instructions}, {@code tools}, {@code tool_choice}, …) are echoed as the Responses
 * API does; {@code store} is always false.
 */
final class ResponsesOverChatResponse {

    /** Marks an {@code encrypted_content} this gateway made from a provider's thinking blocks. */
    static final String THINKING_PREFIX = "aigw.thinking.v1:";

    /**
     * Joins a tool call's id and the provider's thought signature (Gemini's {@code thoughtSignature}, which the Chat
     * translators carry in {@code extra_content.google.thought_signature}) into a function call's {@code call_id}: the
     * one field every client echoes back, on the {@code function_call} item and on its {@code function_call_output}.
     */
    static final String SIGNATURE_MARK = "__aigw_ts__";

    /** Request settings a response echoes, with the API's defaults. */
    private static final List<String> ECHOED = List.of(
            "instructions",
            "max_output_tokens",
            "metadata",
            "parallel_tool_calls",
            "reasoning",
            "temperature",
            "text",
            "tool_choice",
            "tools",
            "top_p",
            "truncation",
            "user");

    private ResponsesOverChatResponse() {}

    /** The echo of a request's settings, kept from {@link ResponsesOverChatRequest} time. */
    static ObjectNode echo(ObjectNode request) {
        ObjectNode e = OpenAiShapes.NODES.objectNode();
        for (String f : ECHOED) {
            JsonNode v = request.get(f);
            e.set(f, v == null ? OpenAiShapes.NODES.nullNode() : v);
        }
        if (!e.get("metadata").isObject()) {
            e.putObject("metadata");
        }
        if (!e.get("parallel_tool_calls").isBoolean()) {
            e.put("parallel_tool_calls", true);
        }
        if (!e.get("reasoning").isObject()) {
            e.putObject("reasoning").putNull("effort").putNull("summary");
        }
        if (!e.get("text").isObject()) {
            e.putObject("text").putObject("format").put("type", "text");
        }
        if (e.get("tool_choice").isNull()) {
            e.put("tool_choice", "auto");
        }
        if (!e.get("tools").isArray()) {
            e.putArray("tools");
        }
        if (e.get("truncation").isNull()) {
            e.put("truncation", "disabled");
        }
        return e;
    }

    /** A response shell: id, status, settings echoed, an empty output, no usage yet. */
    static ObjectNode shell(String id, long created, String model, String status, ObjectNode echo) {
        ObjectNode r = OpenAiShapes.NODES.objectNode();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", created);
        r.put("status", status);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.put("model", model);
        r.putArray("output");
        r.putNull("previous_response_id");
        r.put("store", false);
        r.setAll(echo);
        r.putNull("usage");
        return r;
    }

    static ObjectNode translate(ObjectNode completion, long created, ObjectNode echo) {
        String id = responseId(completion.path("id").asText(""));
        ObjectNode r = shell(id, created, completion.path("model").asText(""), "completed", echo);
        ArrayNode output = (ArrayNode) r.get("output");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode msg = choice.path("message");
        String reasoning = msg.path("reasoning_content").asText("");
        JsonNode thinking = msg.get("thinking_blocks");
        if (!reasoning.isEmpty() || (thinking != null && thinking.isArray() && !thinking.isEmpty())) {
            output.add(reasoningItem("rs_" + id, reasoning, thinking));
        }
        String text = msg.path("content").asText("");
        if (!text.isEmpty()) {
            output.add(messageItem("msg_" + id, text, "completed"));
        }
        int n = 0;
        for (JsonNode call : msg.path("tool_calls")) {
            output.add(functionCall(
                    "fc_" + id + "_" + n++,
                    callId(call),
                    call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText(""),
                    "completed"));
        }
        finish(r, choice.path("finish_reason").asText(null));
        r.set("usage", usage(completion.path("usage")));
        return r;
    }

    /** Sets status and {@code incomplete_details} from a Chat finish reason. */
    static void finish(ObjectNode r, String finishReason) {
        String reason = "length".equals(finishReason)
                ? "max_output_tokens"
                : "content_filter".equals(finishReason) ? "content_filter" : null;
        if (reason != null) {
            r.put("status", "incomplete");
            r.putObject("incomplete_details").put("reason", reason);
        } else {
            r.put("status", "completed");
        }
    }

    static String responseId(String chatId) {
        String base = chatId.isEmpty() ? Long.toHexString(System.nanoTime()) : chatId;
        return base.startsWith("resp_") ? base : "resp_" + base.replaceAll("[^A-Za-z0-9_-]", "");
    }

    static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode m = OpenAiShapes.NODES.objectNode();
        m.put("id", id);
        m.put("type", "message");
        m.put("status", status);
        m.put("role", "assistant");
        ArrayNode content = m.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return m;
    }

    static ObjectNode textPart(String text) {
        ObjectNode p = OpenAiShapes.NODES.objectNode();
        p.put("type", "output_text");
        p.put("text", text);
        p.putArray("annotations");
        p.putArray("logprobs");
        return p;
    }

    /** A Chat tool call's id, with its thought signature (if any) after {@link #SIGNATURE_MARK}. */
    static String callId(JsonNode call) {
        String id = call.path("id").asText("");
        String signature = call.path("extra_content")
                .path("google")
                .path("thought_signature")
                .asText("");
        return signature.isEmpty() ? id : id + SIGNATURE_MARK + signature;
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        ObjectNode f = OpenAiShapes.NODES.objectNode();
        f.put("id", id);
        f.put("type", "function_call");
        f.put("status", status);
        f.put("arguments", arguments);
        f.put("call_id", callId);
        f.put("name", name);
        return f;
    }

    /** A reasoning item: the text as its summary, the thinking blocks (if any) as its {@code encrypted_content}. */
    static ObjectNode reasoningItem(String id, String text, JsonNode thinkingBlocks) {
        ObjectNode r = OpenAiShapes.NODES.objectNode();
        r.put("id", id);
        r.put("type", "reasoning");
        ArrayNode summary = r.putArray("summary");
        if (text != null && !text.isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", text);
        }
        if (thinkingBlocks != null && thinkingBlocks.isArray() && !thinkingBlocks.isEmpty()) {
            r.put(
                    "encrypted_content",
                    THINKING_PREFIX
                            + Base64.getEncoder()
                                    .encodeToString(OpenAiShapes.bytesAsString(thinkingBlocks)
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        return r;
    }

    /** Chat usage in the Responses API's terms (both count cached tokens inside the input). */
    static ObjectNode usage(JsonNode u) {
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        long in = u.path("prompt_tokens").asLong(0);
        long outTokens = u.path("completion_tokens").asLong(0);
        out.put("input_tokens", in);
        ObjectNode inDetails = out.putObject("input_tokens_details");
        inDetails.put(
                "cached_tokens",
                u.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        // Required by the Responses API's usage object (the official SDKs reject a response without it): 0 if unknown.
        inDetails.put(
                "cache_write_tokens",
                u.path("prompt_tokens_details").path("cache_write_tokens").asLong(0));
        out.put("output_tokens", outTokens);
        out.putObject("output_tokens_details")
                .put(
                        "reasoning_tokens",
                        u.path("completion_tokens_details")
                                .path("reasoning_tokens")
                                .asLong(0));
        out.put("total_tokens", u.path("total_tokens").asLong(in + outTokens));
        return out;
    }

    /**
     * An upstream error (already in OpenAI's error shape, or another JSON) as the Responses API's error object, which
     * is OpenAI's: {@code {"error":{"message","type","param","code"}}}.
     */
    static byte[] error(int status, byte[] body) {
        ObjectNode e = OpenAiShapes.object(body);
        if (e != null && e.path("error").isObject()) {
            JsonNode err = e.get("error");
            return OpenAiShapes.bytes(OpenAiShapes.error(
                    err.path("message").asText("The provider answered " + status),
                    err.path("type").asText(status >= 500 ? "server_error" : "invalid_request_error"),
                    err.path("param").isTextual() ? err.path("param").asText() : null,
                    err.path("code").isValueNode() && !err.path("code").isNull()
                            ? err.path("code").asText()
                            : null));
        }
        return OpenAiShapes.bytes(OpenAiShapes.error(
                "The provider answered " + status,
                status >= 500 ? "server_error" : "invalid_request_error",
                null,
                null));
    }
}
