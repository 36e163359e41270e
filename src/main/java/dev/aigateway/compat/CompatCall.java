package dev.aigateway.compat;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.ChatTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * A unified-API request worked out for its target: where it goes and what is sent.
 *
 * @param ingress the format the client speaks
 * @param slug the target provider's slug
 * @param model the model the target knows (prefix taken off)
 * @param path the upstream path after the provider slug (may end in a query of its own)
 * @param body the body sent upstream
 * @param translator the pair's translator; null when the target speaks the client's format (passthrough)
 * @param requiredHeaders {@code name, value} pairs the target requires, set when the client sent none
 * @param includeUsage the client asked for the usage chunk ({@code stream_options.include_usage})
 */
public record CompatCall(
        WireFormat ingress,
        String slug,
        String model,
        String path,
        Buffer body,
        ChatTranslator translator,
        String[] requiredHeaders,
        boolean includeUsage) {

    /**
     * The log row's name of an ingress format: {@code openai.chat}, {@code anthropic.messages}, {@code
     * openai.responses}, {@code openai.embeddings}.
     */
    public static String ingressName(WireFormat ingress) {
        return switch (ingress) {
            case ANTHROPIC_MESSAGES -> "anthropic.messages";
            case OPENAI_RESPONSES -> "openai.responses";
            case EMBEDDINGS -> "openai.embeddings";
            default -> "openai.chat";
        };
    }

    /** The endpoint of an ingress format, for messages. */
    static String endpoint(WireFormat ingress) {
        return switch (ingress) {
            case ANTHROPIC_MESSAGES -> "/compat/messages";
            case OPENAI_RESPONSES -> "/compat/responses";
            case EMBEDDINGS -> "/compat/embeddings";
            default -> "/compat/chat/completions";
        };
    }

    /** Client headers that mean nothing to the target (not forwarded). */
    public String[] clientOnlyHeaders() {
        return translator == null ? new String[0] : translator.clientOnlyHeaders();
    }

    /** The response translation toward the client; null for a passthrough call. */
    public ResponseTranslation responseTranslation(long maxBodyBytes) {
        return translator == null
                ? null
                : new ResponseTranslation(
                        translator,
                        includeUsage,
                        System.currentTimeMillis() / 1000,
                        maxBodyBytes,
                        ingress.errorDialect());
    }
}
