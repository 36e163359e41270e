package dev.aigateway.compat;

import dev.aigateway.provider.compat.ChatTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * A unified-API chat request worked out for its target: where it goes and what is sent.
 *
 * @param slug the target provider's slug
 * @param model the model the target knows (prefix taken off)
 * @param path the upstream path after the provider slug
 * @param body the body sent upstream
 * @param translator the target's translator; null when the target speaks the client's format (passthrough)
 * @param requiredHeaders {@code name, value} pairs the target requires, set when the client sent none
 * @param includeUsage the client asked for the usage chunk ({@code stream_options.include_usage})
 */
public record CompatCall(
        String slug,
        String model,
        String path,
        Buffer body,
        ChatTranslator translator,
        String[] requiredHeaders,
        boolean includeUsage) {

    /** The format a client of the chat endpoint speaks, as the log row names it. */
    public static final String INGRESS_CHAT = "openai.chat";

    /** The response translation toward the client; null for a passthrough call. */
    public ResponseTranslation responseTranslation(long maxBodyBytes) {
        return translator == null
                ? null
                : new ResponseTranslation(translator, includeUsage, System.currentTimeMillis() / 1000, maxBodyBytes);
    }
}
