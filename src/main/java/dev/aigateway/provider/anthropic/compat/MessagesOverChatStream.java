package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OpenAI chat stream as Anthropic Messages events, one chunk at a time: the first chunk → {@code message_start};
 * {@code content} deltas → a text block ({@code content_block_start} on the first, then {@code text_delta}s);
 * a tool call's first delta (id, name) → the open block stopped and a {@code tool_use} block started, its
 * {@code arguments} pieces → {@code input_json_delta}s; the finish reason is kept and the usage chunk read; {@code
 * [DONE]} → the open block stopped, {@code message_delta} (stop reason, usage) and {@code message_stop}. An in-stream
 * {@code error} → {@code event: error}.
 */
final class MessagesOverChatStream implements ChatStream {

    private boolean started;
    private boolean done;
    /** The Anthropic index of the open block, -1 when none. */
    private int open = -1;

    private boolean openIsText;
    private int blocks;
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private String finish;
    private JsonNode usage = OpenAiShapes.NODES.objectNode();

    @Override
    public void event(String name, String data, Consumer<byte[]> out) {
        if (data.equals("[DONE]")) {
            finish(out);
            return;
        }
        ObjectNode chunk = OpenAiShapes.object(data);
        if (chunk == null) {
            return;
        }
        if (chunk.has("error")) {
            JsonNode e = chunk.get("error");
            out.accept(event(
                    "error",
                    MessagesOverChatResponse.error(
                            "api_error", e.path("message").asText("The provider reported an error"))));
            return;
        }
        if (!started) {
            started = true;
            ObjectNode start = OpenAiShapes.NODES.objectNode().put("type", "message_start");
            ObjectNode m = start.putObject("message");
            m.put("id", chunk.path("id").asText(""));
            m.put("type", "message");
            m.put("role", "assistant");
            m.putArray("content");
            m.put("model", chunk.path("model").asText(""));
            m.putNull("stop_reason");
            m.putNull("stop_sequence");
            m.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
            out.accept(event("message_start", start));
        }
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String text = delta.path("content").asText("");
        if (!text.isEmpty()) {
            if (open < 0 || !openIsText) {
                stopOpen(out);
                open = blocks++;
                openIsText = true;
                ObjectNode s = OpenAiShapes.NODES
                        .objectNode()
                        .put("type", "content_block_start")
                        .put("index", open);
                s.putObject("content_block").put("type", "text").put("text", "");
                out.accept(event("content_block_start", s));
            }
            ObjectNode d = OpenAiShapes.NODES
                    .objectNode()
                    .put("type", "content_block_delta")
                    .put("index", open);
            d.putObject("delta").put("type", "text_delta").put("text", text);
            out.accept(event("content_block_delta", d));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int i = call.path("index").asInt(0);
            Integer block = toolBlocks.get(i);
            if (block == null) {
                stopOpen(out);
                block = blocks++;
                toolBlocks.put(i, block);
                open = block;
                openIsText = false;
                ObjectNode s = OpenAiShapes.NODES
                        .objectNode()
                        .put("type", "content_block_start")
                        .put("index", block);
                ObjectNode use = s.putObject("content_block");
                use.put("type", "tool_use");
                use.put("id", call.path("id").asText(""));
                use.put("name", call.path("function").path("name").asText(""));
                use.putObject("input");
                out.accept(event("content_block_start", s));
            }
            String args = call.path("function").path("arguments").asText("");
            if (!args.isEmpty()) {
                ObjectNode d = OpenAiShapes.NODES
                        .objectNode()
                        .put("type", "content_block_delta")
                        .put("index", block);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", args);
                out.accept(event("content_block_delta", d));
            }
        }
        String reason = choice.path("finish_reason").asText(null);
        if (reason != null) {
            finish = reason;
        }
    }

    private void stopOpen(Consumer<byte[]> out) {
        if (open >= 0) {
            out.accept(event(
                    "content_block_stop",
                    OpenAiShapes.NODES
                            .objectNode()
                            .put("type", "content_block_stop")
                            .put("index", open)));
            open = -1;
        }
    }

    private void finish(Consumer<byte[]> out) {
        if (done || !started) {
            return;
        }
        done = true;
        stopOpen(out);
        ObjectNode d = OpenAiShapes.NODES.objectNode().put("type", "message_delta");
        d.putObject("delta")
                .put("stop_reason", MessagesOverChatResponse.stopReason(finish == null ? "stop" : finish))
                .putNull("stop_sequence");
        d.set("usage", MessagesOverChatResponse.usage(usage));
        out.accept(event("message_delta", d));
        out.accept(event("message_stop", OpenAiShapes.NODES.objectNode().put("type", "message_stop")));
    }

    /** {@code event: <name>\ndata: <json>\n\n}. */
    static byte[] event(String name, JsonNode data) {
        byte[] head = ("event: " + name + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = OpenAiShapes.event(data);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @Override
    public void end(boolean complete, Consumer<byte[]> out) {}
}
