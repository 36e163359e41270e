package dev.aigateway.provider.openai.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * OpenAI Responses in, an OpenAI Chat Completions upstream: {@code …/compat/responses} to a target without a Responses
 * API of its own (and, composed with their Chat translators, to Anthropic, Gemini and Vertex AI). One instance per
 * request: it keeps the request's settings that the Responses API echoes in its answer.
 */
public final class ResponsesOverChatTranslator implements ChatTranslator {

    private final String path;
    private ObjectNode echo = ResponsesOverChatResponse.echo(OpenAiShapes.NODES.objectNode());

    /** @param path the target's chat path after its slug ({@code {model}} replaced by the model) */
    public ResponsesOverChatTranslator(String path) {
        this.path = path;
    }

    @Override
    public byte[] request(ObjectNode responses, String model) {
        ObjectNode chat = ResponsesOverChatRequest.translate(responses);
        chat.put("model", model);
        echo = ResponsesOverChatResponse.echo(responses);
        return OpenAiShapes.bytes(chat);
    }

    @Override
    public String path(String model, boolean stream) {
        return path.replace("{model}", model);
    }

    @Override
    public byte[] response(byte[] body, long created) {
        ObjectNode completion = OpenAiShapes.object(body);
        if (completion == null) {
            return OpenAiShapes.bytes(
                    OpenAiShapes.error("The provider's answer was not JSON", "server_error", null, null));
        }
        if (completion.path("error").isObject()) { // an OpenAI-compatible provider's error with a 200
            return ResponsesOverChatResponse.error(502, body);
        }
        return OpenAiShapes.bytes(ResponsesOverChatResponse.translate(completion, created, echo));
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return new ResponsesOverChatStream(created, echo);
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return ResponsesOverChatResponse.error(status, body);
    }
}
