package dev.aigateway.provider;

import dev.aigateway.provider.cohere.compat.CohereEmbeddingTranslator;
import dev.aigateway.provider.google.compat.GeminiEmbeddingTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which providers the unified API's {@code …/compat/embeddings} reaches and how: OpenAI-family providers with an
 * embeddings API get the body as it is but for its model (at their embeddings path); Gemini ({@code embedContent} /
 * {@code batchEmbedContents}) and Cohere ({@code /v2/embed}) get it translated, and answer in OpenAI's shape.
 */
final class EmbeddingTargets {

    /** The embeddings path after the slug of each OpenAI-family provider that has one. */
    private static final Map<String, String> PASSTHROUGH = new LinkedHashMap<>();

    static {
        PASSTHROUGH.put("openai", "/embeddings");
        PASSTHROUGH.put("azure-openai", "/{model}/embeddings?api-version=2024-10-21");
        PASSTHROUGH.put("mistral", "/embeddings");
        PASSTHROUGH.put("openrouter", "/embeddings");
        PASSTHROUGH.put("workers-ai", "/v1/embeddings");
    }

    private static final String GEMINI = "google-ai-studio";
    private static final String COHERE = "cohere";

    private EmbeddingTargets() {}

    static Optional<ChatTargets.Target> target(String slug) {
        String path = slug.startsWith("custom-") ? "/embeddings" : PASSTHROUGH.get(slug);
        if (path != null) {
            return Optional.of(new ChatTargets.Target(
                    slug, WireFormat.EMBEDDINGS, null, path, new String[0], slug.equals("azure-openai")));
        }
        if (slug.equals(GEMINI)) {
            return Optional.of(new ChatTargets.Target(
                    slug, WireFormat.OTHER, new GeminiEmbeddingTranslator(), null, new String[0], false));
        }
        if (slug.equals(COHERE)) {
            return Optional.of(new ChatTargets.Target(
                    slug, WireFormat.OTHER, new CohereEmbeddingTranslator(), null, new String[0], false));
        }
        return Optional.empty();
    }

    /** The model prefixes the embeddings endpoint reaches, for the 400 naming them. */
    static List<String> prefixes() {
        List<String> names = new ArrayList<>(PASSTHROUGH.keySet());
        names.add(GEMINI);
        names.add(COHERE);
        names.add("custom-{slug}");
        return names;
    }
}
