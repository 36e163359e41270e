package dev.aigateway.provider.openai.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.CompatRefusal;
import java.util.List;

/**
 * A Responses request's output options as Chat's: {@code text.format} → {@code response_format}, {@code
 * text.verbosity} → {@code verbosity}, function {@code tools} (flat in Responses, under {@code function} in Chat),
 * {@code tool_choice}, {@code parallel_tool_calls}; built-in tools and other tool choices are refused. Pure.
 */
final class ResponsesOverChatOptions {

    private ResponsesOverChatOptions() {}

    static void text(JsonNode text, ObjectNode out) {
        JsonNode format = text.get("format");
        if (format != null && format.isObject()) {
            String type = format.path("type").asText("text");
            switch (type) {
                case "text" -> {}
                case "json_object" -> out.putObject("response_format").put("type", "json_object");
                case "json_schema" -> {
                    ObjectNode schema = out.putObject("response_format")
                            .put("type", "json_schema")
                            .putObject("json_schema");
                    for (String f : List.of("name", "description", "schema", "strict")) {
                        if (format.hasNonNull(f)) {
                            schema.set(f, format.get(f));
                        }
                    }
                }
                default -> throw new CompatRefusal("text.format type '" + type + "' is not supported", "text.format");
            }
        }
        if (text.hasNonNull("verbosity")) {
            out.set("verbosity", text.get("verbosity"));
        }
    }

    static void tools(ObjectNode req, ObjectNode out) {
        JsonNode tools = req.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode to = out.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode t = tools.get(i);
                String type = t.path("type").asText();
                if (!type.equals("function")) {
                    throw new CompatRefusal(
                            "tools[" + i + "]: built-in tool '" + type + "' is not supported by the unified API"
                                    + " (function tools only)",
                            "tools");
                }
                ObjectNode fn = to.addObject().put("type", "function").putObject("function");
                fn.put("name", ResponsesOverChatRequest.required(t, "name", "tools[" + i + "]"));
                for (String f : List.of("description", "parameters", "strict")) {
                    if (t.hasNonNull(f)) {
                        fn.set(f, t.get(f));
                    }
                }
            }
        }
        JsonNode choice = req.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (choice.isTextual()) {
                out.set("tool_choice", choice);
            } else if (choice.path("type").asText().equals("function")) {
                out.putObject("tool_choice")
                        .put("type", "function")
                        .putObject("function")
                        .put("name", choice.path("name").asText());
            } else {
                throw new CompatRefusal("this tool_choice is not supported by the unified API", "tool_choice");
            }
        }
        JsonNode parallel = req.get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean()) {
            out.set("parallel_tool_calls", parallel);
        }
    }
}
