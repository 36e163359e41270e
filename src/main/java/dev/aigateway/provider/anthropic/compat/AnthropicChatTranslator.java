package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;

/** OpenAI Chat Completions ⇄ Anthropic Messages ({@code POST /v1/messages}, {@code anthropic-version: 2023-06-01}). */
public final class AnthropicChatTranslator implements ChatTranslator {

    static final String VERSION = "2023-06-01";

    private final AnthropicChatRequest requests;

    /** @param defaultMaxTokens {@code max_tokens} sent when the client sets none (Anthropic requires one) */
    public AnthropicChatTranslator(int defaultMaxTokens) {
        this.requests = new AnthropicChatRequest(defaultMaxTokens);
    }

    @Override
    public byte[] request(ObjectNode chat, String model) {
        return OpenAiShapes.bytes(requests.translate(chat, model));
    }

    @Override
    public String path(String model, boolean stream) {
        return "/v1/messages";
    }

    @Override
    public String[] requiredHeaders() {
        return new String[] {"anthropic-version", VERSION};
    }

    @Override
    public byte[] response(byte[] body, long created) {
        ObjectNode message = OpenAiShapes.object(body);
        if (message == null) {
            return OpenAiShapes.bytes(
                    OpenAiShapes.error("The provider's answer was not JSON", "server_error", null, null));
        }
        return OpenAiShapes.bytes(AnthropicChatResponse.translate(message, created));
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return new AnthropicChatStream(includeUsage, created);
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return OpenAiShapes.bytes(AnthropicChatResponse.error(status, body));
    }
}
