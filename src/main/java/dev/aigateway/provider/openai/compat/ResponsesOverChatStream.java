package dev.aigateway.provider.openai.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OpenAI chat stream as Responses events, one chunk at a time. The first chunk → {@code response.created} and
 * {@code response.in_progress}; {@code reasoning_content} deltas → a {@code reasoning} item with {@code
 * response.reasoning_summary_text.delta}s; {@code content} deltas → a {@code message} item ({@code
 * response.output_item.added}, {@code response.content_part.added}, {@code response.output_text.delta}s); a tool call's
 * first delta → a {@code function_call} item, its argument pieces → {@code response.function_call_arguments.delta}s.
 * Starting an item closes the open one with its {@code …done} events. {@code [DONE]} closes what is open and ends the
 * stream with exactly one {@code response.completed} or {@code response.incomplete} (the whole response, usage from
 * the usage chunk); an in-stream {@code error} ends it with {@code response.failed}. Not thread-safe: one per stream.
 */
final class ResponsesOverChatStream implements ChatStream {

    private final long created;
    private final ObjectNode echo;
    private final ArrayNode output = OpenAiShapes.NODES.arrayNode();

    private int sequence;
    private boolean started;
    private boolean done;
    private String id;
    private String model;
    private String finish;
    private JsonNode usage = OpenAiShapes.NODES.objectNode();

    /** The open item: its output index and kind ({@code reasoning}, {@code message}, {@code function_call}). */
    private int open = -1;

    private String openKind;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoningSinceBlock = new StringBuilder();
    private ArrayNode thinking;
    private final Map<Integer, ObjectNode> calls = new HashMap<>();
    private final Map<Integer, StringBuilder> arguments = new HashMap<>();
    private final Map<Integer, Integer> callOutputIndex = new HashMap<>();

    ResponsesOverChatStream(long created, ObjectNode echo) {
        this.created = created;
        this.echo = echo;
    }

    @Override
    public void event(String name, String data, Consumer<byte[]> out) {
        if (done) {
            return;
        }
        if (data.equals("[DONE]")) {
            finish(out);
            return;
        }
        ObjectNode chunk = OpenAiShapes.object(data);
        if (chunk == null) {
            return;
        }
        if (chunk.has("error")) {
            fail(chunk.get("error"), out);
            return;
        }
        if (!started) {
            started = true;
            id = ResponsesOverChatResponse.responseId(chunk.path("id").asText(""));
            model = chunk.path("model").asText("");
            ObjectNode r = ResponsesOverChatResponse.shell(id, created, model, "in_progress", echo);
            out.accept(event("response.created", node().set("response", r)));
            out.accept(event("response.in_progress", node().set("response", r)));
        }
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String reasoning = delta.path("reasoning_content").asText("");
        JsonNode blocks = delta.get("thinking_blocks");
        if (!reasoning.isEmpty() || (blocks != null && blocks.isArray() && !blocks.isEmpty())) {
            reasoning(reasoning, blocks, out);
        }
        String content = delta.path("content").asText("");
        if (!content.isEmpty()) {
            if (!"message".equals(openKind)) {
                close(out);
                open("message", ResponsesOverChatResponse.messageItem("msg_" + id, null, "in_progress"), out);
                ObjectNode added = itemRef().put("content_index", 0);
                added.set("part", ResponsesOverChatResponse.textPart(""));
                out.accept(event("response.content_part.added", added));
            }
            text.append(content);
            out.accept(event(
                    "response.output_text.delta",
                    itemRef()
                            .put("content_index", 0)
                            .put("delta", content)
                            .set("logprobs", OpenAiShapes.NODES.arrayNode())));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, out);
        }
        String reason = choice.path("finish_reason").asText(null);
        if (reason != null) {
            finish = reason;
        }
    }

    private void reasoning(String reasoning, JsonNode blocks, Consumer<byte[]> out) {
        if (!"reasoning".equals(openKind)) {
            close(out);
            open(
                    "reasoning",
                    ResponsesOverChatResponse.reasoningItem("rs_" + id + "_" + output.size(), null, null),
                    out);
            thinking = OpenAiShapes.NODES.arrayNode();
            ObjectNode added = itemRef().put("summary_index", 0);
            added.putObject("part").put("type", "summary_text").put("text", "");
            out.accept(event("response.reasoning_summary_part.added", added));
        }
        if (!reasoning.isEmpty()) {
            text.append(reasoning);
            reasoningSinceBlock.append(reasoning);
            out.accept(event(
                    "response.reasoning_summary_text.delta",
                    itemRef().put("summary_index", 0).put("delta", reasoning)));
        }
        if (blocks != null) {
            for (JsonNode b : blocks) {
                ObjectNode block = b.deepCopy();
                if (block.path("type").asText().equals("thinking")
                        && block.path("thinking").asText("").isEmpty()) {
                    block.put("thinking", reasoningSinceBlock.toString()); // a streamed block: its text came before
                    reasoningSinceBlock.setLength(0);
                }
                thinking.add(block);
            }
        }
    }

    private void toolCall(JsonNode call, Consumer<byte[]> out) {
        int i = call.path("index").asInt(0);
        ObjectNode item = calls.get(i);
        if (item == null) {
            close(out);
            item = ResponsesOverChatResponse.functionCall(
                    "fc_" + id + "_" + i,
                    ResponsesOverChatResponse.callId(call),
                    call.path("function").path("name").asText(""),
                    "",
                    "in_progress");
            calls.put(i, item);
            arguments.put(i, new StringBuilder());
            open("function_call", item, out);
            callOutputIndex.put(i, open);
        }
        String args = call.path("function").path("arguments").asText("");
        if (!args.isEmpty()) {
            arguments.get(i).append(args);
            out.accept(event(
                    "response.function_call_arguments.delta",
                    OpenAiShapes.NODES
                            .objectNode()
                            .put("item_id", item.path("id").asText())
                            .put("output_index", callOutputIndex.get(i))
                            .put("delta", args)));
        }
    }

    private void open(String kind, ObjectNode item, Consumer<byte[]> out) {
        open = output.size();
        openKind = kind;
        text.setLength(0);
        output.add(item);
        ObjectNode added = node().put("output_index", open);
        added.set("item", item.deepCopy());
        out.accept(event("response.output_item.added", added));
    }

    /** Ends the open item with its {@code …done} events and keeps it, whole, for the final response. */
    private void close(Consumer<byte[]> out) {
        if (open < 0) {
            return;
        }
        ObjectNode item = (ObjectNode) output.get(open);
        switch (openKind) {
            case "message" -> {
                String t = text.toString();
                out.accept(event(
                        "response.output_text.done",
                        itemRef()
                                .put("content_index", 0)
                                .put("text", t)
                                .set("logprobs", OpenAiShapes.NODES.arrayNode())));
                ObjectNode part = itemRef().put("content_index", 0);
                part.set("part", ResponsesOverChatResponse.textPart(t));
                out.accept(event("response.content_part.done", part));
                item = ResponsesOverChatResponse.messageItem(item.path("id").asText(), t, "completed");
            }
            case "reasoning" -> {
                String t = text.toString();
                out.accept(event(
                        "response.reasoning_summary_text.done",
                        itemRef().put("summary_index", 0).put("text", t)));
                ObjectNode part = itemRef().put("summary_index", 0);
                part.putObject("part").put("type", "summary_text").put("text", t);
                out.accept(event("response.reasoning_summary_part.done", part));
                item = ResponsesOverChatResponse.reasoningItem(item.path("id").asText(), t, thinking);
            }
            default -> {
                int index = callIndexOf(item);
                String args = arguments.get(index).toString();
                out.accept(event(
                        "response.function_call_arguments.done",
                        itemRef().put("name", item.path("name").asText()).put("arguments", args)));
                item = ResponsesOverChatResponse.functionCall(
                        item.path("id").asText(),
                        item.path("call_id").asText(),
                        item.path("name").asText(),
                        args,
                        "completed");
            }
        }
        output.set(open, item);
        ObjectNode doneItem = node().put("output_index", open);
        doneItem.set("item", item);
        out.accept(event("response.output_item.done", doneItem));
        open = -1;
        openKind = null;
    }

    private int callIndexOf(ObjectNode item) {
        for (Map.Entry<Integer, ObjectNode> e : calls.entrySet()) {
            if (e.getValue() == item) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unknown call item");
    }

    private void finish(Consumer<byte[]> out) {
        if (!started) {
            return;
        }
        done = true;
        close(out);
        ObjectNode r = ResponsesOverChatResponse.shell(id, created, model, "completed", echo);
        r.set("output", output);
        ResponsesOverChatResponse.finish(r, finish);
        r.set("usage", ResponsesOverChatResponse.usage(usage));
        String type = r.path("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        out.accept(event(type, node().set("response", r)));
    }

    private void fail(JsonNode error, Consumer<byte[]> out) {
        done = true;
        if (!started) {
            started = true;
            id = ResponsesOverChatResponse.responseId("");
            model = "";
        }
        ObjectNode r = ResponsesOverChatResponse.shell(id, created, model, "failed", echo);
        r.set("output", output);
        r.putObject("error")
                .put("code", error.path("code").isTextual() ? error.path("code").asText() : "server_error")
                .put("message", error.path("message").asText("The provider reported an error"));
        out.accept(event("response.failed", node().set("response", r)));
    }

    @Override
    public void end(boolean complete, Consumer<byte[]> out) {}

    private ObjectNode node() {
        return OpenAiShapes.NODES.objectNode();
    }

    /** {@code item_id} and {@code output_index} of the open item. */
    private ObjectNode itemRef() {
        return node().put("item_id", output.get(open).path("id").asText()).put("output_index", open);
    }

    /** {@code event: <type>\ndata: {"type":<type>,"sequence_number":n,…}\n\n}. */
    private byte[] event(String type, JsonNode fields) {
        ObjectNode data = node().put("type", type).put("sequence_number", sequence++);
        data.setAll((ObjectNode) fields);
        byte[] head = ("event: " + type + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = OpenAiShapes.event(data);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
