package dev.aigateway.provider.anthropic.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * Anthropic Messages in, an OpenAI-compatible provider's Chat Completions upstream: the unified API's {@code
 * /compat/messages} to OpenAI-family targets (the same seam as the chat endpoint's translators, the other way round).
 */
public final class MessagesOverChatTranslator implements ChatTranslator {

    private final String path;

    /** @param path the target's chat path after its slug */
    public MessagesOverChatTranslator(String path) {
        this.path = path;
    }

    @Override
    public byte[] request(ObjectNode messages, String model) {
        return OpenAiShapes.bytes(MessagesOverChatRequest.translate(messages, model));
    }

    @Override
    public String path(String model, boolean stream) {
        return path;
    }

    @Override
    public String[] clientOnlyHeaders() {
        return new String[] {"anthropic-version", "anthropic-beta"};
    }

    @Override
    public byte[] response(byte[] body, long created) {
        ObjectNode completion = OpenAiShapes.object(body);
        if (completion == null) {
            return OpenAiShapes.bytes(
                    MessagesOverChatResponse.error("api_error", "The provider's answer was not JSON"));
        }
        return OpenAiShapes.bytes(MessagesOverChatResponse.translate(completion));
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return new MessagesOverChatStream();
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return OpenAiShapes.bytes(MessagesOverChatResponse.error(status, body));
    }

    /** A refusal in Anthropic's error shape (the client's own). */
    public static byte[] refusal(String message) {
        return OpenAiShapes.bytes(MessagesOverChatResponse.error("invalid_request_error", message));
    }
}
