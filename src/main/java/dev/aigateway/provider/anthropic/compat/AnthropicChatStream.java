package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An Anthropic Messages stream as OpenAI {@code chat.completion.chunk} events, one upstream event at a time:
 *
 * <ul>
 *   <li>{@code message_start} → the first chunk ({@code role: assistant}); its usage is kept;
 *   <li>{@code text_delta} → {@code content}; {@code thinking_delta} → {@code reasoning_content};
 *       {@code signature_delta} → a {@code thinking_blocks} entry carrying the signature;
 *   <li>a {@code tool_use} block start → {@code tool_calls[i]} with id, name and empty arguments; its
 *       {@code input_json_delta}s → {@code tool_calls[i].function.arguments} pieces (i counts tool blocks from 0);
 *   <li>{@code message_delta} → a chunk with the finish reason; its (cumulative) usage overlays the start's;
 *   <li>{@code message_stop} → the usage chunk ({@code choices: []}) when the client asked for it, then
 *       {@code [DONE]};
 *   <li>{@code error} → OpenAI's in-stream error ({@code data: {"error":…}}); {@code ping} → nothing.
 * </ul>
 */
final class AnthropicChatStream implements ChatStream {

    private final boolean includeUsage;
    private final long created;
    private String id = "";
    private String model = "";
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private ObjectNode usage = OpenAiShapes.NODES.objectNode();

    AnthropicChatStream(boolean includeUsage, long created) {
        this.includeUsage = includeUsage;
        this.created = created;
    }

    @Override
    public void event(String name, String data, Consumer<byte[]> out) {
        ObjectNode e = OpenAiShapes.object(data);
        if (e == null) {
            return; // not JSON: nothing an OpenAI client could use
        }
        String type = e.path("type").asText(name == null ? "" : name);
        switch (type) {
            case "message_start" -> {
                JsonNode m = e.path("message");
                id = m.path("id").asText("");
                model = m.path("model").asText("");
                overlay(m.path("usage"));
                ObjectNode c = chunk();
                OpenAiShapes.choice(c, null).put("role", "assistant").put("content", "");
                out.accept(OpenAiShapes.event(c));
            }
            case "content_block_start" -> blockStart(e, out);
            case "content_block_delta" -> blockDelta(e, out);
            case "message_delta" -> {
                overlay(e.path("usage"));
                String stop = e.path("delta").path("stop_reason").asText(null);
                if (stop != null) {
                    ObjectNode c = chunk();
                    OpenAiShapes.choice(c, AnthropicChatResponse.finishReason(stop));
                    out.accept(OpenAiShapes.event(c));
                }
            }
            case "message_stop" -> {
                if (includeUsage) {
                    ObjectNode c = OpenAiShapes.chunk(id, created, model, false);
                    c.set("usage", AnthropicChatResponse.usage(usage));
                    out.accept(OpenAiShapes.event(c));
                }
                out.accept(OpenAiShapes.DONE);
            }
            case "error" -> {
                JsonNode err = e.path("error");
                out.accept(OpenAiShapes.event(OpenAiShapes.error(
                        err.path("message").asText("The provider reported an error"),
                        "server_error",
                        null,
                        err.path("type").asText(null))));
            }
            default -> {} // ping, content_block_stop, and events added later
        }
    }

    private void blockStart(ObjectNode e, Consumer<byte[]> out) {
        JsonNode block = e.path("content_block");
        String type = block.path("type").asText();
        if (type.equals("tool_use")) {
            int i = toolIndex.size();
            toolIndex.put(e.path("index").asInt(), i);
            ObjectNode c = chunk();
            ObjectNode call = toolCall(OpenAiShapes.choice(c, null), i);
            call.put("id", block.path("id").asText());
            call.put("type", "function");
            call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
            out.accept(OpenAiShapes.event(c));
        } else if (type.equals("text") && !block.path("text").asText("").isEmpty()) {
            ObjectNode c = chunk();
            OpenAiShapes.choice(c, null).put("content", block.path("text").asText());
            out.accept(OpenAiShapes.event(c));
        } else if (type.equals("redacted_thinking")) {
            ObjectNode c = chunk();
            OpenAiShapes.choice(c, null).putArray("thinking_blocks").add(block);
            out.accept(OpenAiShapes.event(c));
        }
    }

    private void blockDelta(ObjectNode e, Consumer<byte[]> out) {
        JsonNode d = e.path("delta");
        ObjectNode c = chunk();
        switch (d.path("type").asText()) {
            case "text_delta" ->
                OpenAiShapes.choice(c, null).put("content", d.path("text").asText());
            case "thinking_delta" ->
                OpenAiShapes.choice(c, null)
                        .put("reasoning_content", d.path("thinking").asText());
            case "signature_delta" -> {
                ObjectNode block =
                        OpenAiShapes.choice(c, null).putArray("thinking_blocks").addObject();
                block.put("type", "thinking");
                block.put("thinking", "");
                block.put("signature", d.path("signature").asText());
            }
            case "input_json_delta" -> {
                Integer i = toolIndex.get(e.path("index").asInt());
                if (i == null) {
                    return;
                }
                toolCall(OpenAiShapes.choice(c, null), i)
                        .putObject("function")
                        .put("arguments", d.path("partial_json").asText());
            }
            default -> {
                return; // citations and future deltas: no Chat Completions form
            }
        }
        out.accept(OpenAiShapes.event(c));
    }

    private static ObjectNode toolCall(ObjectNode delta, int i) {
        ArrayNode calls = delta.putArray("tool_calls");
        ObjectNode call = calls.addObject();
        call.put("index", i);
        return call;
    }

    private ObjectNode chunk() {
        return OpenAiShapes.chunk(id, created, model, includeUsage);
    }

    /** Anthropic's stream usage: the start's counts, overlaid field by field by each (cumulative) delta. */
    private void overlay(JsonNode u) {
        if (u != null && u.isObject()) {
            u.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    usage.set(f.getKey(), f.getValue());
                }
            });
        }
    }

    @Override
    public void end(boolean complete, Consumer<byte[]> out) {}
}
