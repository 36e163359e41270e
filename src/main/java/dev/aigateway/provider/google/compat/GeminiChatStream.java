package dev.aigateway.provider.google.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.util.function.Consumer;

/**
 * A Gemini {@code streamGenerateContent?alt=sse} stream as OpenAI chunks, one event at a time: the first event opens
 * with the role chunk; text parts → {@code content}, thought parts → {@code reasoning_content}, each
 * {@code functionCall} part (Gemini sends it whole) → one {@code tool_calls[i]} delta with id, name and the whole
 * arguments; a {@code finishReason} → the finish chunk; the last {@code usageMetadata} seen is the usage. Gemini has no
 * terminal event (the stream ends with the connection): the usage chunk and {@code [DONE]} follow the end, once a finish
 * reason was seen.
 */
final class GeminiChatStream implements ChatStream {

    private final boolean includeUsage;
    private final long created;
    private String id = "";
    private String model = "";
    private boolean started;
    private boolean finished;
    private int tools;
    private JsonNode usage = OpenAiShapes.NODES.objectNode();

    GeminiChatStream(boolean includeUsage, long created) {
        this.includeUsage = includeUsage;
        this.created = created;
    }

    @Override
    public void event(String name, String data, Consumer<byte[]> out) {
        ObjectNode e = OpenAiShapes.object(data);
        if (e == null) {
            return;
        }
        if (e.has("error")) {
            JsonNode err = e.get("error");
            out.accept(OpenAiShapes.event(OpenAiShapes.error(
                    err.path("message").asText("The provider reported an error"),
                    "server_error",
                    null,
                    err.path("status").asText(null))));
            return;
        }
        if (!started) {
            started = true;
            id = e.path("responseId").asText("");
            model = e.path("modelVersion").asText("");
            ObjectNode c = chunk();
            OpenAiShapes.choice(c, null).put("role", "assistant").put("content", "");
            out.accept(OpenAiShapes.event(c));
        }
        if (e.has("usageMetadata")) {
            usage = e.get("usageMetadata");
        }
        JsonNode candidate = e.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            ObjectNode c = chunk();
            ObjectNode delta = OpenAiShapes.choice(c, null);
            if (part.has("functionCall")) {
                ObjectNode call = GeminiChatResponse.toolCall(part, tools);
                call.put("index", tools++);
                delta.putArray("tool_calls").add(call);
            } else if (part.path("thought").asBoolean(false)) {
                delta.put("reasoning_content", part.path("text").asText());
            } else if (part.has("text")) {
                delta.put("content", part.path("text").asText());
            } else {
                continue;
            }
            out.accept(OpenAiShapes.event(c));
        }
        String reason = candidate.path("finishReason").asText(null);
        if (reason != null && !finished) {
            finished = true;
            ObjectNode c = chunk();
            OpenAiShapes.choice(c, GeminiChatResponse.finishReason(reason, tools > 0));
            out.accept(OpenAiShapes.event(c));
        }
    }

    @Override
    public void end(boolean complete, Consumer<byte[]> out) {
        if (!finished) {
            return; // cut short: the relay ends the stream with the error event
        }
        if (includeUsage) {
            ObjectNode c = OpenAiShapes.chunk(id, created, model, false);
            c.set("usage", GeminiChatResponse.usage(usage));
            out.accept(OpenAiShapes.event(c));
        }
        out.accept(OpenAiShapes.DONE);
    }

    private ObjectNode chunk() {
        return OpenAiShapes.chunk(id, created, model, includeUsage);
    }
}
