package dev.aigateway.provider;

import dev.aigateway.provider.anthropic.compat.AnthropicChatTranslator;
import dev.aigateway.provider.anthropic.compat.MessagesOverChatTranslator;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.ComposedTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;
import dev.aigateway.provider.google.compat.GeminiChatTranslator;
import dev.aigateway.provider.openai.compat.ResponsesOverChatRequest;
import dev.aigateway.provider.openai.compat.ResponsesOverChatTranslator;
import dev.aigateway.provider.vertex.compat.VertexChatTranslator;
import dev.aigateway.provider.vertex.compat.VertexMessagesTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which providers the unified API reaches from each ingress format ({@link WireFormat#OPENAI_CHAT} for {@code
 * /compat/chat/completions}, {@link WireFormat#ANTHROPIC_MESSAGES} for {@code /compat/messages}) and how: the chat
 * {@link WireFormat} each provider speaks, and the translator for each (ingress, target format) pair — none when the
 * target speaks the ingress format (the body goes up as it is but for its model). The one place that names the
 * vendors the unified API supports.
 */
public final class ChatTargets {

    /** A provider the unified API reaches from one ingress format. */
    public record Target(
            String slug,
            WireFormat format,
            ChatTranslator translator,
            String passthroughPath,
            String[] headers,
            boolean deployment) {

        /** The body goes up untouched but for {@code model}: the target speaks the client's format. */
        public boolean passthrough() {
            return translator == null;
        }

        /** The upstream path after the provider slug. */
        public String path(String model, boolean stream) {
            return translator == null ? passthroughPath.replace("{model}", model) : translator.path(model, stream);
        }

        /**
         * The model a passthrough body carries: an Azure OpenAI model {@code {resource}/{deployment}} is checked (it
         * is part of the path, also when translated) and its deployment sent.
         *
         * @throws CompatRefusal a model that does not have the target's form
         */
        public String bodyModel(String model) {
            if (!deployment) {
                return model;
            }
            if (!model.matches(AZURE_MODEL)) {
                throw new CompatRefusal(
                        "An Azure OpenAI model is azure-openai/{resource}/{deployment}, e.g. azure-openai/my-resource/gpt-4o",
                        "model");
            }
            return model.substring(model.indexOf('/') + 1);
        }

        /** Request headers the target requires ({@code name, value} pairs), set when the client sent none. */
        public String[] requiredHeaders() {
            return translator == null ? headers : translator.requiredHeaders();
        }
    }

    /** Chat format per built-in provider slug; custom providers ({@code custom-…}) are OpenAI-compatible. */
    private static final Map<String, WireFormat> FORMATS = new LinkedHashMap<>();

    private static final String OPENAI_PATH = "/chat/completions";

    /** Azure OpenAI: the resource and deployment are in the path; the GA {@code api-version} the gateway sends. */
    private static final String AZURE = "azure-openai";

    private static final String AZURE_PATH = "/{model}/chat/completions?api-version=2024-10-21";
    private static final String AZURE_MODEL = "[A-Za-z0-9][A-Za-z0-9-]{0,62}/[A-Za-z0-9._-]{1,64}";
    private static final String VERTEX = "google-vertex-ai";

    /** The chat path of an OpenAI-compatible provider, after its slug (its base URL ends in the API version). */
    private static final Map<String, String> OPENAI_PATHS =
            Map.of("workers-ai", "/v1/chat/completions", AZURE, AZURE_PATH);

    private static final String MESSAGES_PATH = "/v1/messages";
    private static final String[] MESSAGES_HEADERS = {"anthropic-version", "2023-06-01"};

    /** Model names shown in the 400 for a name without a provider prefix. */
    public static final String EXAMPLES = "openai/gpt-4o-mini or anthropic/claude-sonnet-4-5";

    static {
        for (String slug :
                List.of("openai", "groq", "mistral", "deepseek", "grok", "openrouter", "cerebras", "perplexity-ai")) {
            FORMATS.put(slug, WireFormat.OPENAI_CHAT);
        }
        FORMATS.put("workers-ai", WireFormat.OPENAI_CHAT);
        FORMATS.put(AZURE, WireFormat.OPENAI_CHAT);
        FORMATS.put("anthropic", WireFormat.ANTHROPIC_MESSAGES);
        FORMATS.put("google-ai-studio", WireFormat.GEMINI);
        FORMATS.put(VERTEX, WireFormat.GEMINI); // or Anthropic Messages for a Claude model: see target()
    }

    /** OpenAI-family providers with a Responses API of their own ({@code /responses} after the slug). */
    private static final Set<String> RESPONSES = Set.of("openai", "groq", "grok", "openrouter");

    private static final String RESPONSES_PATH = "/responses";

    /** Model prefixes that differ from the provider slug (Cloudflare's {@code perplexity/}). */
    private static final Map<String, String> PREFIXES = Map.of("perplexity", "perplexity-ai");

    /** Translators from the chat endpoint's format, by target format. */
    private final Map<WireFormat, ChatTranslator> fromChat;

    private final AnthropicChatTranslator anthropic;
    private final GeminiChatTranslator gemini;

    private final String vertexProject;
    private final String vertexRegion;

    /** @param defaultMaxTokens {@code max_tokens} for targets that require one when the client sets none */
    public ChatTargets(int defaultMaxTokens) {
        this(defaultMaxTokens, null, "global");
    }

    /**
     * @param defaultMaxTokens {@code max_tokens} for targets that require one when the client sets none
     * @param vertexProject the Google Cloud project of Vertex AI models named {@code {publisher}/{model}}, or null
     * @param vertexRegion their region
     */
    public ChatTargets(int defaultMaxTokens, String vertexProject, String vertexRegion) {
        this.vertexProject = vertexProject;
        this.vertexRegion = vertexRegion;
        this.anthropic = new AnthropicChatTranslator(defaultMaxTokens);
        this.gemini = new GeminiChatTranslator();
        this.fromChat = Map.of(WireFormat.ANTHROPIC_MESSAGES, anthropic, WireFormat.GEMINI, gemini);
    }

    /**
     * A model name in the form the targets take: a Vertex AI model in Cloudflare's form, {@code {publisher}/{model}}
     * ({@code google/gemini-2.5-pro}), becomes {@code {project}/{region}/{model}} with the configured project and
     * region (without a configured project it is left as it is, and refused with a message naming both forms).
     */
    public String canonicalModel(String slug, String model) {
        if (vertexProject == null || !slug.equals(VERTEX)) {
            return model;
        }
        int slash = model.indexOf('/');
        String publisher = slash < 0 ? "" : model.substring(0, slash);
        if ((publisher.equals("google") || publisher.equals("anthropic")) && model.indexOf('/', slash + 1) < 0) {
            return vertexProject + "/" + vertexRegion + "/" + model.substring(slash + 1);
        }
        return model;
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

    /** Whether the unified API (and so a dynamic route's model element) can call provider {@code slug} at all. */
    public static boolean reachable(String slug) {
        return formatOf(slug) != null;
    }

    private static WireFormat formatOf(String slug) {
        return slug.startsWith("custom-") ? WireFormat.OPENAI_CHAT : FORMATS.get(slug);
    }

    /** How the chat endpoint reaches provider {@code slug}; empty when it cannot. */
    public Optional<Target> target(String slug) {
        return target(WireFormat.OPENAI_CHAT, slug);
    }

    /** How a client speaking {@code ingress} reaches provider {@code slug}; empty when it cannot. */
    public Optional<Target> target(WireFormat ingress, String slug) {
        return target(ingress, slug, null);
    }

    /**
     * How a client speaking {@code ingress} reaches {@code model} (prefix taken off) of provider {@code slug}; empty
     * when it cannot. Vertex AI serves two formats: the model picks the publisher ({@link VertexChatTranslator}).
     */
    public Optional<Target> target(WireFormat ingress, String slug, String model) {
        if (ingress == WireFormat.EMBEDDINGS) {
            return EmbeddingTargets.target(slug);
        }
        WireFormat format = formatOf(slug);
        if (format == null) {
            return Optional.empty();
        }
        if (ingress == WireFormat.OPENAI_RESPONSES) {
            return responsesTarget(slug, format, model);
        }
        if (slug.equals(VERTEX)) {
            ChatTranslator vertex = VertexChatTranslator.of(model, anthropic, gemini);
            ChatTranslator translator = ingress == WireFormat.OPENAI_CHAT
                    ? vertex
                    : VertexChatTranslator.isClaude(model)
                            ? new VertexMessagesTranslator() // Claude on Vertex speaks Messages: nothing to translate
                            : new ComposedTranslator(new MessagesOverChatTranslator(OPENAI_PATH), vertex);
            return Optional.of(new Target(slug, format, translator, null, new String[0], false));
        }
        String openAiPath = OPENAI_PATHS.getOrDefault(slug, OPENAI_PATH);
        if (format == ingress) {
            boolean messages = format == WireFormat.ANTHROPIC_MESSAGES;
            return Optional.of(new Target(
                    slug,
                    format,
                    null,
                    messages ? MESSAGES_PATH : openAiPath,
                    messages ? MESSAGES_HEADERS : new String[0],
                    slug.equals(AZURE)));
        }
        ChatTranslator translator = null;
        if (ingress == WireFormat.OPENAI_CHAT) {
            translator = fromChat.get(format);
        } else if (ingress == WireFormat.ANTHROPIC_MESSAGES && format == WireFormat.OPENAI_CHAT) {
            translator = new MessagesOverChatTranslator(openAiPath);
        } else if (ingress == WireFormat.ANTHROPIC_MESSAGES && fromChat.containsKey(format)) {
            // no pair of its own: through the OpenAI Chat shape (see ComposedTranslator)
            translator = new ComposedTranslator(new MessagesOverChatTranslator(openAiPath), fromChat.get(format));
        }
        return translator == null
                ? Optional.empty()
                : Optional.of(new Target(slug, format, translator, null, new String[0], slug.equals(AZURE)));
    }

    /**
     * How {@code …/compat/responses} reaches a provider: one with a Responses API gets the body as it is but for the
     * model; another is reached through its Chat Completions (an OpenAI-compatible one directly, Anthropic, Gemini and
     * Vertex AI composed with their Chat translators).
     */
    private Optional<Target> responsesTarget(String slug, WireFormat format, String model) {
        if (RESPONSES.contains(slug)) {
            return Optional.of(
                    new Target(slug, WireFormat.OPENAI_RESPONSES, null, RESPONSES_PATH, new String[0], false));
        }
        ChatTranslator outer = new ResponsesOverChatTranslator(OPENAI_PATHS.getOrDefault(slug, OPENAI_PATH));
        ChatTranslator translator;
        if (slug.equals(VERTEX)) {
            translator = new ComposedTranslator(outer, VertexChatTranslator.of(model, anthropic, gemini));
        } else if (format == WireFormat.OPENAI_CHAT) {
            translator = outer;
        } else if (fromChat.containsKey(format)) {
            translator = new ComposedTranslator(outer, fromChat.get(format));
        } else {
            return Optional.empty();
        }
        return Optional.of(new Target(slug, format, translator, null, new String[0], slug.equals(AZURE)));
    }

    /**
     * Refuses a Responses request that relies on state kept by the provider ({@code previous_response_id}, {@code
     * conversation}, {@code background}): the unified API is stateless whatever the target.
     *
     * @throws CompatRefusal such a request
     */
    public static void refuseStateful(WireFormat ingress, com.fasterxml.jackson.databind.node.ObjectNode body) {
        if (ingress == WireFormat.OPENAI_RESPONSES) {
            ResponsesOverChatRequest.refuseStateful(body);
        }
    }

    /**
     * Whether the model list names this provider's catalogue models: not those whose unified-API model name carries a
     * resource and deployment (Azure OpenAI) or a project and region (Vertex AI).
     */
    public static boolean listed(String slug) {
        return !slug.equals(AZURE) && !slug.equals(VERTEX);
    }

    /** The model prefixes a client speaking {@code ingress} can reach, for the 400 naming them. */
    public List<String> supportedPrefixes(WireFormat ingress) {
        if (ingress == WireFormat.EMBEDDINGS) {
            return EmbeddingTargets.prefixes();
        }
        List<String> names = new ArrayList<>();
        for (String slug : FORMATS.keySet()) {
            if (target(ingress, slug).isPresent()) {
                names.add(prefixOf(slug));
            }
        }
        names.add("custom-{slug}");
        return names;
    }

    /** A refusal in the ingress format's error shape (a 400's body). */
    public static byte[] refusal(WireFormat ingress, CompatRefusal r) {
        return ingress == WireFormat.ANTHROPIC_MESSAGES
                ? MessagesOverChatTranslator.refusal(r.getMessage())
                : OpenAiShapes.refusal(r);
    }
}
