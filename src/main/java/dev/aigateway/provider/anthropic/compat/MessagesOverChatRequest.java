package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * An Anthropic Messages request as an OpenAI Chat Completions request (the unified API's {@code /compat/messages} to
 * an OpenAI-compatible target). Pure.
 *
 * <ul>
 *   <li>{@code system} (string or text blocks) → a {@code system} message;
 *   <li>user blocks: {@code text}; {@code image} (base64 → a {@code data:} URL, url → the URL) → {@code image_url};
 *       {@code tool_result} blocks → {@code tool} messages (before the turn's other content);
 *   <li>assistant blocks: {@code text} → {@code content}, {@code tool_use} → {@code tool_calls} (input serialised);
 *       {@code thinking} / {@code redacted_thinking} have no Chat Completions form and are not sent (the target
 *       reasons afresh);
 *   <li>{@code max_tokens} → {@code max_completion_tokens}, {@code temperature}, {@code top_p}, {@code
 *       stop_sequences} → {@code stop}, {@code metadata.user_id} → {@code user}, {@code tools} ({@code input_schema}
 *       → {@code parameters}), {@code tool_choice} auto / any / tool / none → auto / required / named / none, {@code
 *       disable_parallel_tool_use} → {@code parallel_tool_calls: false}, {@code thinking} budget → {@code
 *       reasoning_effort} (≤ 2048 low, ≤ 8192 medium, else high), {@code output_config.format} json_schema → {@code
 *       response_format}; a stream asks for its usage ({@code stream_options.include_usage}) so the answer's
 *       {@code message_delta} can carry it;
 *   <li>refused with a 400: {@code top_k}, document and other block types, server tools.
 * </ul>
 */
final class MessagesOverChatRequest {

    private MessagesOverChatRequest() {}

    static ObjectNode translate(ObjectNode in, String model) {
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("model", model);
        ArrayNode messages = out.putArray("messages");
        JsonNode system = in.get("system");
        if (system != null && !system.isNull()) {
            String text = system.isTextual() ? system.asText() : joinText(system, "system");
            messages.addObject().put("role", "system").put("content", text);
        }
        JsonNode turns = in.get("messages");
        if (turns == null || !turns.isArray() || turns.isEmpty()) {
            throw new CompatRefusal("messages: must be a non-empty array", "messages");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(turns.get(i), i, messages);
        }
        if (in.hasNonNull("top_k")) {
            throw new CompatRefusal("top_k: not supported by this provider", "top_k");
        }
        JsonNode max = in.get("max_tokens");
        if (max != null && max.isNumber()) {
            out.set("max_completion_tokens", max);
        }
        copy(in, "temperature", out);
        copy(in, "top_p", out);
        JsonNode stop = in.get("stop_sequences");
        if (stop != null && stop.isArray() && !stop.isEmpty()) {
            out.set("stop", stop);
        }
        if (in.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        String user = in.path("metadata").path("user_id").asText(null);
        if (user != null) {
            out.put("user", user);
        }
        JsonNode thinking = in.get("thinking");
        if (thinking != null && "enabled".equals(thinking.path("type").asText())) {
            long budget = thinking.path("budget_tokens").asLong(0);
            out.put("reasoning_effort", budget <= 2048 ? "low" : budget <= 8192 ? "medium" : "high");
        }
        tools(in, out);
        JsonNode format = in.path("output_config").path("format");
        if ("json_schema".equals(format.path("type").asText())) {
            ObjectNode rf = out.putObject("response_format");
            rf.put("type", "json_schema");
            ObjectNode js = rf.putObject("json_schema");
            js.put("name", "output");
            js.set("schema", format.path("schema"));
        }
        return out;
    }

    private static void turn(JsonNode m, int i, ArrayNode messages) {
        String role = m.path("role").asText("");
        String where = "messages." + i + ".content";
        JsonNode content = m.get("content");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw new CompatRefusal("messages." + i + ".role: must be user or assistant", "messages." + i + ".role");
        }
        if (content != null && content.isTextual()) {
            messages.addObject().put("role", role).put("content", content.asText());
            return;
        }
        if (content == null || !content.isArray()) {
            throw new CompatRefusal(where + ": must be a string or an array of blocks", where);
        }
        if (role.equals("assistant")) {
            assistant(content, where, messages);
            return;
        }
        ArrayNode parts = OpenAiShapes.NODES.arrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "tool_result" -> {
                    ObjectNode tool = messages.addObject();
                    tool.put("role", "tool");
                    tool.put("tool_call_id", block.path("tool_use_id").asText());
                    JsonNode c = block.get("content");
                    String text = c == null || c.isNull() ? "" : c.isTextual() ? c.asText() : joinText(c, where);
                    tool.put("content", block.path("is_error").asBoolean(false) ? "Error: " + text : text);
                }
                case "text" ->
                    parts.addObject()
                            .put("type", "text")
                            .put("text", block.path("text").asText());
                case "image" -> {
                    JsonNode src = block.path("source");
                    String url = "base64".equals(src.path("type").asText())
                            ? "data:" + src.path("media_type").asText() + ";base64,"
                                    + src.path("data").asText()
                            : src.path("url").asText();
                    parts.addObject()
                            .put("type", "image_url")
                            .putObject("image_url")
                            .put("url", url);
                }
                default ->
                    throw new CompatRefusal(
                            where + ": block type '" + block.path("type").asText() + "' is not supported here", where);
            }
        }
        if (!parts.isEmpty()) {
            messages.addObject().put("role", "user").set("content", parts);
        }
    }

    private static void assistant(JsonNode content, String where, ArrayNode messages) {
        ObjectNode msg = messages.addObject();
        msg.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = OpenAiShapes.NODES.arrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", block.path("id").asText());
                    call.put("type", "function");
                    call.putObject("function")
                            .put("name", block.path("name").asText())
                            .put("arguments", OpenAiShapes.bytesAsString(block.path("input")));
                }
                case "thinking", "redacted_thinking" -> {} // no Chat Completions form: see the class doc
                default ->
                    throw new CompatRefusal(
                            where + ": block type '" + block.path("type").asText() + "' is not supported here", where);
            }
        }
        if (text.length() > 0 || calls.isEmpty()) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
    }

    private static String joinText(JsonNode blocks, String where) {
        StringBuilder b = new StringBuilder();
        for (JsonNode block : blocks) {
            if (!"text".equals(block.path("type").asText())) {
                throw new CompatRefusal(where + ": only text blocks are supported here", where);
            }
            if (b.length() > 0) {
                b.append("\n\n");
            }
            b.append(block.path("text").asText());
        }
        return b.toString();
    }

    private static void copy(ObjectNode from, String name, ObjectNode to) {
        JsonNode v = from.get(name);
        if (v != null && v.isNumber()) {
            to.set(name, v);
        }
    }

    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode defs = out.putArray("tools");
            for (int t = 0; t < tools.size(); t++) {
                JsonNode tool = tools.get(t);
                if (tool.has("type") && !"custom".equals(tool.path("type").asText())) {
                    throw new CompatRefusal("tools." + t + ": server tools are not supported here", "tools");
                }
                ObjectNode f = defs.addObject().put("type", "function").putObject("function");
                f.put("name", tool.path("name").asText());
                if (tool.hasNonNull("description")) {
                    f.put("description", tool.get("description").asText());
                }
                f.set("parameters", tool.path("input_schema"));
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice == null || !choice.isObject()) {
            return;
        }
        switch (choice.path("type").asText()) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> {
                ObjectNode named = out.putObject("tool_choice");
                named.put("type", "function");
                named.putObject("function").put("name", choice.path("name").asText());
            }
            default -> throw new CompatRefusal("tool_choice: unknown type", "tool_choice");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            out.put("parallel_tool_calls", false);
        }
    }
}
