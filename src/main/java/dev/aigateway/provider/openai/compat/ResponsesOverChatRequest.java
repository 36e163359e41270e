package dev.aigateway.provider.openai.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A stateless OpenAI Responses request as an OpenAI Chat Completions request. Pure.
 *
 * <ul>
 *   <li>{@code instructions} → a first {@code system} message; {@code input} as a string → one user message;
 *   <li>input items: messages ({@code user}, {@code assistant}, {@code system}, {@code developer} → {@code system})
 *       with {@code input_text} / {@code output_text} / {@code input_image} parts; {@code function_call} items → the
 *       {@code tool_calls} of one assistant message (consecutive calls share it: parallel calls; a thought signature
 *       this gateway put into a {@code call_id} → the call's {@code extra_content.google.thought_signature}); {@code
 *       function_call_output} → {@code tool} messages; {@code reasoning} items whose {@code encrypted_content} this
 *       gateway made (the provider's thinking blocks, signatures included) → the next assistant message's {@code
 *       thinking_blocks}, so multi-turn thinking works;
 *   <li>{@code tools} (function tools) → Chat function tools; {@code tool_choice}; {@code parallel_tool_calls};
 *       {@code text.format} → {@code response_format}; {@code text.verbosity} → {@code verbosity}; {@code
 *       reasoning.effort} → {@code reasoning_effort}; {@code max_output_tokens} → {@code max_completion_tokens};
 *       {@code temperature}, {@code top_p}, {@code user}, {@code safety_identifier}, {@code metadata}, {@code
 *       service_tier}, {@code prompt_cache_key} as they are; a stream asks for the usage chunk;
 *   <li>refused with a 400: state kept by the provider ({@code previous_response_id}, {@code conversation}, {@code
 *       store: true}, {@code background: true}), built-in tools, {@code include} other than {@code
 *       reasoning.encrypted_content}, {@code prompt} templates, {@code truncation: auto}, {@code top_logprobs},
 *       {@code max_tool_calls}, file inputs and item types Chat has no place for.
 * </ul>
 */
public final class ResponsesOverChatRequest {

    /** Fields that only steer the provider's service: sent as they are (a non-OpenAI translator drops them). */
    private static final List<String> AS_IS = List.of(
            "temperature", "top_p", "user", "safety_identifier", "metadata", "service_tier", "prompt_cache_key");

    private ResponsesOverChatRequest() {}

    /**
     * Refuses what a stateless gateway cannot honour on any target: a request that continues or names stored state.
     *
     * @throws CompatRefusal {@code previous_response_id}, {@code conversation}, {@code background: true}
     */
    public static void refuseStateful(ObjectNode body) {
        if (body.hasNonNull("previous_response_id")) {
            throw new CompatRefusal(
                    "previous_response_id is not supported: the unified API is stateless; send the earlier items in"
                            + " 'input' instead",
                    "previous_response_id");
        }
        if (body.hasNonNull("conversation")) {
            throw new CompatRefusal(
                    "conversation is not supported: the unified API is stateless; send the earlier items in 'input'",
                    "conversation");
        }
        if (body.path("background").asBoolean(false)) {
            throw new CompatRefusal("background responses are not supported by the unified API", "background");
        }
    }

    static ObjectNode translate(ObjectNode req) {
        refuseStateful(req);
        if (req.path("store").asBoolean(false)) {
            throw new CompatRefusal(
                    "store: true is not supported for this provider (nothing is stored); send store: false", "store");
        }
        for (String p : List.of("prompt", "top_logprobs", "max_tool_calls")) {
            if (req.hasNonNull(p)) {
                throw new CompatRefusal(p + " is not supported for this provider", p);
            }
        }
        if (req.path("truncation").asText("disabled").equals("auto")) {
            throw new CompatRefusal("truncation: auto is not supported for this provider", "truncation");
        }
        for (JsonNode inc : req.path("include")) {
            if (!inc.asText().equals("reasoning.encrypted_content")) {
                throw new CompatRefusal("include '" + inc.asText() + "' is not supported for this provider", "include");
            }
        }
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.set("model", req.get("model"));
        ArrayNode messages = out.putArray("messages");
        JsonNode instructions = req.get("instructions");
        if (instructions != null && instructions.isTextual()) {
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        JsonNode input = req.get("input");
        if (input == null || input.isNull()) {
            throw new CompatRefusal("'input' is required", "input");
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else if (input.isArray()) {
            items(input, messages);
        } else {
            throw new CompatRefusal("'input' must be a string or an array of items", "input");
        }
        if (messages.isEmpty()) {
            throw new CompatRefusal("'input' must not be empty", "input");
        }
        JsonNode max = req.get("max_output_tokens");
        if (max != null && max.isNumber()) {
            out.set("max_completion_tokens", max);
        }
        for (String f : AS_IS) {
            JsonNode v = req.get(f);
            if (v != null && !v.isNull()) {
                out.set(f, v);
            }
        }
        JsonNode effort = req.path("reasoning").get("effort");
        if (effort != null && effort.isTextual()) {
            out.set("reasoning_effort", effort);
        }
        ResponsesOverChatOptions.text(req.path("text"), out);
        ResponsesOverChatOptions.tools(req, out);
        if (req.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    private static void items(JsonNode input, ArrayNode messages) {
        ObjectNode assistant = null; // the open assistant message function calls and thinking attach to
        ArrayNode thinking = null; // thinking blocks of a reasoning item, waiting for their assistant message
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String where = "input[" + i + "]";
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> {
                    String role = item.path("role").asText();
                    if (role.equals("assistant")) {
                        assistant = assistantMessage(messages, thinking);
                        thinking = null;
                        String text = assistantText(item.get("content"), where);
                        String before = assistant.path("content").asText("");
                        assistant.put("content", before + text);
                    } else {
                        assistant = null;
                        messages.add(message(item, role, where));
                    }
                }
                case "function_call" -> {
                    if (assistant == null) {
                        assistant = assistantMessage(messages, thinking);
                        thinking = null;
                    }
                    ArrayNode calls = assistant.has("tool_calls")
                            ? (ArrayNode) assistant.get("tool_calls")
                            : assistant.putArray("tool_calls");
                    ObjectNode call = calls.addObject();
                    String[] idAndSignature = splitCallId(required(item, "call_id", where));
                    call.put("id", idAndSignature[0]);
                    call.put("type", "function");
                    call.putObject("function")
                            .put("name", required(item, "name", where))
                            .put("arguments", item.path("arguments").asText(""));
                    if (idAndSignature[1] != null && !idAndSignature[1].isEmpty()) {
                        call.putObject("extra_content").putObject("google").put("thought_signature", idAndSignature[1]);
                    }
                }
                case "function_call_output" -> {
                    assistant = null;
                    ObjectNode tool = messages.addObject().put("role", "tool");
                    tool.put("tool_call_id", splitCallId(required(item, "call_id", where))[0]);
                    JsonNode output = item.get("output");
                    tool.put("content", output != null && output.isTextual() ? output.asText() : joined(output, where));
                }
                case "reasoning" -> {
                    thinking = thinkingBlocks(item);
                    assistant = null;
                }
                default ->
                    throw new CompatRefusal(
                            where + ": item type '" + type + "' is not supported by the unified API", "input");
            }
        }
    }

    /** A {@code call_id} as the tool call's id and the thought signature it carries (null if none). */
    private static String[] splitCallId(String callId) {
        int mark = callId.indexOf(ResponsesOverChatResponse.SIGNATURE_MARK);
        return mark < 0
                ? new String[] {callId, null}
                : new String[] {
                    callId.substring(0, mark),
                    callId.substring(mark + ResponsesOverChatResponse.SIGNATURE_MARK.length())
                };
    }

    private static ObjectNode assistantMessage(ArrayNode messages, ArrayNode thinking) {
        ObjectNode m = messages.addObject().put("role", "assistant");
        m.putNull("content");
        if (thinking != null && !thinking.isEmpty()) {
            m.set("thinking_blocks", thinking);
        }
        return m;
    }

    /** The provider's thinking blocks this gateway put into a reasoning item's {@code encrypted_content}; null else. */
    private static ArrayNode thinkingBlocks(JsonNode item) {
        String encrypted = item.path("encrypted_content").asText("");
        if (!encrypted.startsWith(ResponsesOverChatResponse.THINKING_PREFIX)) {
            return null;
        }
        try {
            byte[] json =
                    Base64.getDecoder().decode(encrypted.substring(ResponsesOverChatResponse.THINKING_PREFIX.length()));
            JsonNode blocks = OpenAiShapes.JSON.readTree(new String(json, StandardCharsets.UTF_8));
            return blocks instanceof ArrayNode a ? a : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    private static ObjectNode message(JsonNode item, String role, String where) {
        String chatRole =
                switch (role) {
                    case "user" -> "user";
                    case "system", "developer" -> "system";
                    default -> throw new CompatRefusal(where + ": role '" + role + "' is not supported", "input");
                };
        ObjectNode m = OpenAiShapes.NODES.objectNode().put("role", chatRole);
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            m.put("content", content.asText());
            return m;
        }
        if (content == null || !content.isArray()) {
            throw new CompatRefusal(where + ".content must be a string or an array of parts", "input");
        }
        if (chatRole.equals("system")) {
            m.put("content", joined(content, where + ".content"));
            return m;
        }
        ArrayNode parts = m.putArray("content");
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            switch (type) {
                case "input_text", "output_text" ->
                    parts.addObject()
                            .put("type", "text")
                            .put("text", part.path("text").asText());
                case "input_image" -> {
                    String url = part.path("image_url").asText("");
                    if (url.isEmpty()) {
                        throw new CompatRefusal(
                                where + ": an input_image needs an image_url (file_id is not supported)", "input");
                    }
                    ObjectNode image =
                            parts.addObject().put("type", "image_url").putObject("image_url");
                    image.put("url", url);
                    if (part.hasNonNull("detail")) {
                        image.set("detail", part.get("detail"));
                    }
                }
                default ->
                    throw new CompatRefusal(
                            where + ": content part type '" + type + "' is not supported by the unified API", "input");
            }
        }
        return m;
    }

    /** An assistant message's text: a string, or its {@code output_text} / {@code refusal} parts joined. */
    private static String assistantText(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        return content.isTextual() ? content.asText() : joined(content, where + ".content");
    }

    /** Text parts joined (a system message, a tool output given as parts). */
    private static String joined(JsonNode parts, String where) {
        if (parts == null || parts.isNull()) {
            return "";
        }
        if (!parts.isArray()) {
            throw new CompatRefusal(where + " must be a string or an array of text parts", "input");
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode p : parts) {
            String type = p.path("type").asText();
            if (!type.equals("input_text") && !type.equals("output_text") && !type.equals("refusal")) {
                throw new CompatRefusal(where + ": part type '" + type + "' is not supported here", "input");
            }
            b.append(
                    p.has("refusal")
                            ? p.path("refusal").asText()
                            : p.path("text").asText());
        }
        return b.toString();
    }

    static String required(JsonNode item, String field, String where) {
        JsonNode v = item.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new CompatRefusal(where + "." + field + " is required", "input");
        }
        return v.asText();
    }
}
