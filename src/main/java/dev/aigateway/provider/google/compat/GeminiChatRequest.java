package dev.aigateway.provider.google.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.util.HashMap;
import java.util.Map;

/**
 * An OpenAI Chat Completions request as a Gemini {@code generateContent} request. Pure.
 *
 * <ul>
 *   <li>{@code system} / {@code developer} messages → {@code systemInstruction} text parts;
 *   <li>{@code user} → a {@code user} content: text, {@code image_url} with a {@code data:} URL → {@code inline_data},
 *       another URL → {@code file_data} (mime type from the extension);
 *   <li>{@code assistant} → a {@code model} content: text, {@code tool_calls} → {@code functionCall} parts;
 *   <li>{@code tool} → a {@code user} content with a {@code functionResponse} (its name from the matching call; the
 *       result as {@code response}: the JSON object the tool returned, else {@code {"content": text}});
 *   <li>{@code generationConfig}: {@code temperature}, {@code topP}, {@code topK}, {@code maxOutputTokens},
 *       {@code stopSequences}, {@code seed}, penalties, {@code responseMimeType} + {@code responseJsonSchema}
 *       ({@code json_object} / {@code json_schema}), {@code thinkingConfig} ({@code reasoning_effort} → a thinking
 *       budget, thoughts included so they come back as {@code reasoning_content});
 *   <li>{@code tools} → {@code functionDeclarations} ({@code parametersJsonSchema}); {@code tool_choice} → {@code
 *       functionCallingConfig} AUTO / NONE / ANY (named: ANY with {@code allowedFunctionNames});
 *   <li>refused with a 400: {@code n > 1}, {@code logprobs}, {@code logit_bias}, audio, non-function tools, unknown
 *       roles and part types. {@code user} has no Gemini equivalent and is not sent.
 * </ul>
 */
final class GeminiChatRequest {

    static final Map<String, Integer> BUDGETS = Map.of("minimal", 512, "low", 1024, "medium", 8192, "high", 24576);

    private GeminiChatRequest() {}

    static ObjectNode translate(ObjectNode chat) {
        refuseUnsupported(chat);
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        ArrayNode contents = out.putArray("contents");
        ArrayNode system = OpenAiShapes.NODES.arrayNode();
        JsonNode in = chat.get("messages");
        if (in == null || !in.isArray() || in.isEmpty()) {
            throw new CompatRefusal("'messages' must be a non-empty array", "messages");
        }
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < in.size(); i++) {
            message(in.get(i), i, system, contents, callNames);
        }
        if (!system.isEmpty()) {
            out.putObject("systemInstruction").set("parts", system);
        }
        tools(chat, out);
        ObjectNode config = generationConfig(chat);
        if (!config.isEmpty()) {
            out.set("generationConfig", config);
        }
        return out;
    }

    private static void refuseUnsupported(ObjectNode chat) {
        JsonNode n = chat.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw new CompatRefusal("n > 1 is not supported for google-ai-studio through /compat", "n");
        }
        if (chat.path("logprobs").asBoolean(false) || chat.hasNonNull("top_logprobs")) {
            throw new CompatRefusal("logprobs is not supported for google-ai-studio through /compat", "logprobs");
        }
        JsonNode bias = chat.get("logit_bias");
        if (bias != null && !bias.isNull() && !bias.isEmpty()) {
            throw new CompatRefusal("logit_bias is not supported by google-ai-studio", "logit_bias");
        }
        for (String field : new String[] {"audio", "prediction", "functions", "function_call"}) {
            if (chat.hasNonNull(field)) {
                throw new CompatRefusal(field + " is not supported by google-ai-studio", field);
            }
        }
    }

    private static void message(
            JsonNode m, int i, ArrayNode system, ArrayNode contents, Map<String, String> callNames) {
        String role = m.path("role").asText("");
        String where = "messages[" + i + "].content";
        JsonNode content = m.get("content");
        switch (role) {
            case "system", "developer" -> parts(content, system, where, false);
            case "user" -> parts(content, turn(contents, "user"), where, true);
            case "assistant" -> {
                ArrayNode parts = turn(contents, "model");
                parts(content, parts, where, false);
                JsonNode calls = m.get("tool_calls");
                if (calls != null && calls.isArray()) {
                    for (JsonNode call : calls) {
                        String name = call.path("function").path("name").asText();
                        callNames.put(call.path("id").asText(), name);
                        ObjectNode part = parts.addObject();
                        ObjectNode fc = part.putObject("functionCall");
                        String signature = call.path("extra_content")
                                .path("google")
                                .path("thought_signature")
                                .asText(null);
                        if (signature != null) {
                            part.put("thoughtSignature", signature); // Gemini wants it back with its call
                        }
                        fc.put("name", name);
                        fc.set(
                                "args",
                                arguments(
                                        call.path("function").path("arguments").asText(""), where));
                    }
                }
                if (parts.isEmpty()) {
                    parts.addObject().put("text", "");
                }
            }
            case "tool" -> {
                String id = m.path("tool_call_id").asText();
                String name = callNames.get(id);
                if (name == null) {
                    throw new CompatRefusal(
                            "messages[" + i + "].tool_call_id matches no earlier tool call", "messages[" + i + "]");
                }
                ObjectNode fr = turn(contents, "user").addObject().putObject("functionResponse");
                fr.put("name", name);
                fr.set("response", toolResult(content));
            }
            default ->
                throw new CompatRefusal(
                        "messages[" + i + "].role '" + role + "' is not supported", "messages[" + i + "].role");
        }
    }

    private static ArrayNode turn(ArrayNode contents, String role) {
        if (!contents.isEmpty()) {
            ObjectNode last = (ObjectNode) contents.get(contents.size() - 1);
            if (role.equals(last.path("role").asText())) {
                return (ArrayNode) last.get("parts");
            }
        }
        ObjectNode turn = contents.addObject();
        turn.put("role", role);
        return turn.putArray("parts");
    }

    private static void parts(JsonNode content, ArrayNode to, String where, boolean images) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            to.addObject().put("text", content.asText());
            return;
        }
        if (!content.isArray()) {
            throw new CompatRefusal(where + " must be a string or an array of parts", where);
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if (type.equals("text")) {
                to.addObject().put("text", part.path("text").asText());
            } else if (images && type.equals("image_url")) {
                JsonNode url = part.path("image_url");
                to.add(image(url.isTextual() ? url.asText() : url.path("url").asText(""), where));
            } else {
                throw new CompatRefusal(where + ": part type '" + type + "' is not supported here", where);
            }
        }
    }

    static ObjectNode image(String url, String where) {
        ObjectNode part = OpenAiShapes.NODES.objectNode();
        OpenAiShapes.DataUrl data = OpenAiShapes.dataUrl(url, where);
        if (data != null) {
            ObjectNode inline = part.putObject("inline_data");
            inline.put("mime_type", data.mediaType());
            inline.put("data", data.data());
        } else {
            ObjectNode file = part.putObject("file_data");
            file.put("mime_type", mimeOf(url));
            file.put("file_uri", url);
        }
        return part;
    }

    private static String mimeOf(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        if (u.endsWith(".png")) {
            return "image/png";
        }
        if (u.endsWith(".webp")) {
            return "image/webp";
        }
        if (u.endsWith(".gif")) {
            return "image/gif";
        }
        return "image/jpeg";
    }

    private static JsonNode arguments(String arguments, String where) {
        return OpenAiShapes.toolArguments(arguments, where + ": tool call arguments must be a JSON object", where);
    }

    private static JsonNode toolResult(JsonNode content) {
        String text;
        if (content == null || content.isNull()) {
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else {
            StringBuilder b = new StringBuilder();
            content.forEach(p -> b.append(p.path("text").asText()));
            text = b.toString();
        }
        ObjectNode parsed = OpenAiShapes.object(text);
        if (parsed != null) {
            return parsed;
        }
        return OpenAiShapes.NODES.objectNode().put("content", text);
    }

    private static void tools(ObjectNode chat, ObjectNode out) {
        JsonNode tools = chat.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode decls = out.putArray("tools").addObject().putArray("functionDeclarations");
            for (int t = 0; t < tools.size(); t++) {
                JsonNode tool = tools.get(t);
                if (!"function".equals(tool.path("type").asText())) {
                    throw new CompatRefusal("tools[" + t + "]: only function tools are supported", "tools");
                }
                JsonNode f = tool.path("function");
                ObjectNode d = decls.addObject();
                d.put("name", f.path("name").asText());
                if (f.hasNonNull("description")) {
                    d.put("description", f.get("description").asText());
                }
                if (f.path("parameters").isObject()) {
                    d.set("parametersJsonSchema", f.get("parameters"));
                }
            }
        }
        JsonNode choice = chat.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return;
        }
        ObjectNode fcc = OpenAiShapes.NODES.objectNode();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> fcc.put("mode", "AUTO");
                case "none" -> fcc.put("mode", "NONE");
                case "required" -> fcc.put("mode", "ANY");
                default ->
                    throw new CompatRefusal("tool_choice '" + choice.asText() + "' is not supported", "tool_choice");
            }
        } else {
            fcc.put("mode", "ANY");
            fcc.putArray("allowedFunctionNames")
                    .add(choice.path("function").path("name").asText());
        }
        out.putObject("toolConfig").set("functionCallingConfig", fcc);
    }

    private static ObjectNode generationConfig(ObjectNode chat) {
        ObjectNode c = OpenAiShapes.NODES.objectNode();
        copy(chat, "temperature", c, "temperature");
        copy(chat, "top_p", c, "topP");
        copy(chat, "top_k", c, "topK");
        copy(chat, "seed", c, "seed");
        copy(chat, "presence_penalty", c, "presencePenalty");
        copy(chat, "frequency_penalty", c, "frequencyPenalty");
        JsonNode max =
                chat.hasNonNull("max_completion_tokens") ? chat.get("max_completion_tokens") : chat.get("max_tokens");
        if (max != null && max.isNumber()) {
            c.set("maxOutputTokens", max);
        }
        JsonNode stop = chat.get("stop");
        if (stop != null && stop.isTextual()) {
            c.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            c.set("stopSequences", stop);
        }
        JsonNode format = chat.get("response_format");
        String type = format == null ? "text" : format.path("type").asText("text");
        if (type.equals("json_object")) {
            c.put("responseMimeType", "application/json");
        } else if (type.equals("json_schema")) {
            c.put("responseMimeType", "application/json");
            JsonNode schema = format.path("json_schema").get("schema");
            if (schema != null && schema.isObject()) {
                c.set("responseJsonSchema", schema);
            }
        } else if (!type.equals("text")) {
            throw new CompatRefusal("response_format '" + type + "' is not supported", "response_format");
        }
        JsonNode effort = chat.get("reasoning_effort");
        if (effort != null && effort.isTextual()) {
            ObjectNode thinking = c.putObject("thinkingConfig");
            if (effort.asText().equals("none")) {
                thinking.put("thinkingBudget", 0);
            } else {
                Integer budget = BUDGETS.get(effort.asText());
                if (budget == null) {
                    throw new CompatRefusal(
                            "reasoning_effort must be one of none, minimal, low, medium, high", "reasoning_effort");
                }
                thinking.put("thinkingBudget", budget);
                thinking.put("includeThoughts", true);
            }
        }
        return c;
    }

    private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
        JsonNode v = from.get(name);
        if (v != null && v.isNumber()) {
            to.set(as, v);
        }
    }
}
