package dev.aigateway.provider.vertex.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.anthropic.compat.MessagesOverChatTranslator;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The unified API's messages endpoint to a Claude model on Vertex AI ({@code google-vertex-ai/{project}/{region}/
 * claude-…}): Vertex serves Anthropic's own Messages format through {@code rawPredict} / {@code streamRawPredict}, so
 * nothing is translated — the client's body goes up with every field kept (thinking blocks, {@code cache_control},
 * betas' fields), only {@code model} taken out (the URL names it) and {@code anthropic_version: vertex-2023-10-16}
 * added when absent, as Vertex requires; answers and events come back as Anthropic sent them. Errors Vertex itself
 * raises (Google's shape) become Anthropic's error object.
 */
public final class VertexMessagesTranslator implements ChatTranslator {

    @Override
    public byte[] request(ObjectNode messages, String model) {
        VertexChatTranslator.parts(model); // refuses a model that is not {project}/{region}/{model}
        ObjectNode body = messages.deepCopy();
        body.remove("model");
        if (!body.has("anthropic_version")) {
            body.put("anthropic_version", VertexChatTranslator.ANTHROPIC_VERSION);
        }
        return OpenAiShapes.bytes(body);
    }

    @Override
    public String path(String model, boolean stream) {
        return VertexChatTranslator.path(model, stream, true);
    }

    @Override
    public String[] clientOnlyHeaders() {
        return new String[] {"anthropic-version"}; // in the body on Vertex
    }

    @Override
    public byte[] response(byte[] body, long created) {
        return body;
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return new ChatStream() {
            @Override
            public void event(String name, String data, Consumer<byte[]> out) {
                String event = (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
                out.accept(event.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void end(boolean complete, Consumer<byte[]> out) {}
        };
    }

    @Override
    public byte[] error(int status, byte[] body) {
        ObjectNode parsed = OpenAiShapes.object(body);
        if (parsed != null && "error".equals(parsed.path("type").asText())) {
            return body; // Anthropic's own error, as Claude on Vertex answers it
        }
        return new MessagesOverChatTranslator("").error(status, body);
    }
}
