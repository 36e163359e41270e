package dev.aigateway.provider.google.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * OpenAI Chat Completions ⇄ Gemini {@code generateContent} ({@code /v1beta/models/{model}:generateContent}, streams
 * {@code :streamGenerateContent?alt=sse}).
 */
public final class GeminiChatTranslator implements ChatTranslator {

    @Override
    public byte[] request(ObjectNode chat, String model) {
        if (!model.matches("(models/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new CompatRefusal(
                    "'" + model.replaceAll("[^\\x20-\\x7e]", "?") + "' is not a Gemini model name", "model");
        }
        return OpenAiShapes.bytes(GeminiChatRequest.translate(chat));
    }

    @Override
    public String path(String model, boolean stream) {
        String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return "/v1beta/models/" + m + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }

    @Override
    public byte[] response(byte[] body, long created) {
        ObjectNode answer = OpenAiShapes.object(body);
        if (answer == null) {
            return OpenAiShapes.bytes(
                    OpenAiShapes.error("The provider's answer was not JSON", "server_error", null, null));
        }
        return OpenAiShapes.bytes(GeminiChatResponse.translate(answer, created));
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return new GeminiChatStream(includeUsage, created);
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return OpenAiShapes.bytes(GeminiChatResponse.error(status, body));
    }
}
