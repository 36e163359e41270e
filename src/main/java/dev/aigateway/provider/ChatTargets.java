package dev.aigateway.provider;

import dev.aigateway.provider.anthropic.compat.AnthropicChatTranslator;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.google.compat.GeminiChatTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which providers the unified API's chat endpoint reaches and how: the chat {@link WireFormat} each provider speaks,
 * and the translator from the OpenAI Chat shape for each format ({@code null} for {@link WireFormat#OPENAI_CHAT}: the
 * body goes up as it is but for its model). The one place that names the vendors the unified API supports.
 */
public final class ChatTargets {

    /** A provider the unified chat endpoint reaches. */
    public record Target(String slug, WireFormat format, ChatTranslator translator, String passthroughPath) {

        /** The body goes up untouched but for {@code model}: the target speaks the client's format. */
        public boolean passthrough() {
            return translator == null;
        }

        /** The upstream path after the provider slug. */
        public String path(String model, boolean stream) {
            return translator == null ? passthroughPath : translator.path(model, stream);
        }
    }

    /** Chat format per built-in provider slug; custom providers ({@code custom-…}) are OpenAI-compatible. */
    private static final Map<String, WireFormat> FORMATS = new LinkedHashMap<>();

    /** The chat path of an OpenAI-compatible provider, after its slug (its base URL ends in the API version). */
    private static final Map<String, String> OPENAI_PATHS = Map.of("workers-ai", "/v1/chat/completions");

    private static final String OPENAI_PATH = "/chat/completions";

    /** Model names shown in the 400 for a name without a provider prefix. */
    public static final String EXAMPLES = "openai/gpt-4o-mini or anthropic/claude-sonnet-4-5";

    static {
        for (String slug :
                List.of("openai", "groq", "mistral", "deepseek", "grok", "openrouter", "cerebras", "perplexity-ai")) {
            FORMATS.put(slug, WireFormat.OPENAI_CHAT);
        }
        FORMATS.put("workers-ai", WireFormat.OPENAI_CHAT);
        FORMATS.put("anthropic", WireFormat.ANTHROPIC_MESSAGES);
        FORMATS.put("google-ai-studio", WireFormat.GEMINI);
    }

    /** Model prefixes that differ from the provider slug (Cloudflare's {@code perplexity/}). */
    private static final Map<String, String> PREFIXES = Map.of("perplexity", "perplexity-ai");

    private final Map<WireFormat, ChatTranslator> translators;

    /** @param defaultMaxTokens {@code max_tokens} for targets that require one when the client sets none */
    public ChatTargets(int defaultMaxTokens) {
        this.translators = Map.of(
                WireFormat.ANTHROPIC_MESSAGES,
                new AnthropicChatTranslator(defaultMaxTokens),
                WireFormat.GEMINI,
                new GeminiChatTranslator());
    }

    /** The provider slug a model prefix names ({@code perplexity} → {@code perplexity-ai}). */
    public static String slugOf(String prefix) {
        return PREFIXES.getOrDefault(prefix, prefix);
    }

    /** The model prefix naming provider {@code slug} ({@code perplexity-ai} → {@code perplexity}). */
    public static String prefixOf(String slug) {
        for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
            if (e.getValue().equals(slug)) {
                return e.getKey();
            }
        }
        return slug;
    }

    /** How the chat endpoint reaches provider {@code slug}; empty when it cannot. */
    public Optional<Target> target(String slug) {
        WireFormat format = slug.startsWith("custom-") ? WireFormat.OPENAI_CHAT : FORMATS.get(slug);
        if (format == null) {
            return Optional.empty();
        }
        ChatTranslator translator = format == WireFormat.OPENAI_CHAT ? null : translators.get(format);
        if (format != WireFormat.OPENAI_CHAT && translator == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(slug, format, translator, OPENAI_PATHS.getOrDefault(slug, OPENAI_PATH)));
    }

    /** The model prefixes the chat endpoint serves, for the 400 naming them. */
    public static List<String> supportedPrefixes() {
        List<String> names = new ArrayList<>();
        for (String slug : FORMATS.keySet()) {
            names.add(slug.equals("perplexity-ai") ? "perplexity" : slug);
        }
        names.add("custom-{slug}");
        return names;
    }
}
