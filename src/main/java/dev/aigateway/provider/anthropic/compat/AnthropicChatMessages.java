package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * OpenAI chat messages as Anthropic turns and content blocks (see {@link AnthropicChatRequest} for the mapping):
 * system text out to the top-level {@code system}, consecutive same-role messages (tool results included) merged into
 * one turn, as Anthropic alternates roles.
 */
final class AnthropicChatMessages {

    private AnthropicChatMessages() {}

    static void message(JsonNode m, int i, ArrayNode system, ArrayNode messages) {
        String role = m.path("role").asText("");
        JsonNode content = m.get("content");
        switch (role) {
            case "system", "developer" -> textParts(content, system, "messages[" + i + "].content");
            case "user" -> {
                ObjectNode turn = turn(messages, "user");
                userContent(content, contentArray(turn), i);
            }
            case "assistant" -> assistant(m, i, turn(messages, "assistant"));
            case "tool" -> {
                ObjectNode turn = turn(messages, "user");
                ObjectNode result = contentArray(turn).addObject();
                result.put("type", "tool_result");
                result.put("tool_use_id", m.path("tool_call_id").asText());
                if (content == null || content.isNull()) {
                    result.put("content", "");
                } else if (content.isTextual()) {
                    result.set("content", content);
                } else {
                    ArrayNode blocks = result.putArray("content");
                    textParts(content, blocks, "messages[" + i + "].content");
                }
            }
            default ->
                throw new CompatRefusal(
                        "messages[" + i + "].role '" + role + "' is not supported", "messages[" + i + "].role");
        }
    }

    /** The last turn when it has this role (Anthropic alternates roles), else a new one. */
    private static ObjectNode turn(ArrayNode messages, String role) {
        if (!messages.isEmpty()) {
            ObjectNode last = (ObjectNode) messages.get(messages.size() - 1);
            if (role.equals(last.path("role").asText())) {
                return last;
            }
        }
        ObjectNode turn = messages.addObject();
        turn.put("role", role);
        turn.putArray("content");
        return turn;
    }

    private static ArrayNode contentArray(ObjectNode turn) {
        return (ArrayNode) turn.get("content");
    }

    private static void textParts(JsonNode content, ArrayNode to, String where) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            to.addObject().put("type", "text").put("text", content.asText());
            return;
        }
        if (!content.isArray()) {
            throw new CompatRefusal(where + " must be a string or an array of parts", where);
        }
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText())) {
                throw new CompatRefusal(where + ": only text parts are supported here", where);
            }
            ObjectNode block = to.addObject()
                    .put("type", "text")
                    .put("text", part.path("text").asText());
            copyCacheControl(part, block);
        }
    }

    private static void userContent(JsonNode content, ArrayNode to, int i) {
        String where = "messages[" + i + "].content";
        if (content == null || content.isTextual() || content.isNull()) {
            textParts(content, to, where);
            return;
        }
        if (!content.isArray()) {
            throw new CompatRefusal(where + " must be a string or an array of parts", where);
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if (type.equals("text")) {
                copyCacheControl(
                        part,
                        to.addObject()
                                .put("type", "text")
                                .put("text", part.path("text").asText()));
            } else if (type.equals("image_url")) {
                JsonNode url = part.path("image_url");
                String u = url.isTextual() ? url.asText() : url.path("url").asText("");
                ObjectNode image = to.addObject().put("type", "image");
                image.set("source", imageSource(u, where));
                copyCacheControl(part, image);
            } else {
                throw new CompatRefusal(where + ": part type '" + type + "' is not supported by anthropic", where);
            }
        }
    }

    /** An image URL as an Anthropic image source: {@code data:<type>;base64,<data>} → base64, else a URL source. */
    static ObjectNode imageSource(String url, String where) {
        ObjectNode source = OpenAiShapes.NODES.objectNode();
        OpenAiShapes.DataUrl data = OpenAiShapes.dataUrl(url, where);
        if (data != null) {
            source.put("type", "base64");
            source.put("media_type", data.mediaType());
            source.put("data", data.data());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw new CompatRefusal(where + ": image_url must be an http(s) or data URL", where);
        }
        return source;
    }

    static void copyCacheControl(JsonNode part, ObjectNode block) {
        JsonNode cc = part.get("cache_control");
        if (cc != null && cc.isObject()) {
            block.set("cache_control", cc);
        }
    }

    private static void assistant(JsonNode m, int i, ObjectNode turn) {
        ArrayNode to = contentArray(turn);
        JsonNode thinking = m.get("thinking_blocks");
        if (thinking != null && thinking.isArray()) {
            for (JsonNode t : thinking) {
                String type = t.path("type").asText();
                if (type.equals("thinking") || type.equals("redacted_thinking")) {
                    to.add(t);
                }
            }
        }
        textParts(m.get("content"), to, "messages[" + i + "].content");
        JsonNode calls = m.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int c = 0; c < calls.size(); c++) {
                JsonNode call = calls.get(c);
                String where = "messages[" + i + "].tool_calls[" + c + "]";
                ObjectNode use = to.addObject();
                use.put("type", "tool_use");
                use.put("id", call.path("id").asText());
                use.put("name", call.path("function").path("name").asText());
                use.set(
                        "input",
                        arguments(call.path("function").path("arguments").asText(""), where));
            }
        }
        if (to.isEmpty()) {
            to.addObject().put("type", "text").put("text", "");
        }
    }

    private static JsonNode arguments(String arguments, String where) {
        return OpenAiShapes.toolArguments(arguments, where + ".function.arguments must be a JSON object", where);
    }
}
