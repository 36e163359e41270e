package dev.aigateway.provider;

import dev.aigateway.provider.bedrock.BedrockPaths;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model a request names in its URL rather than its body, for the log: Gemini and Vertex
 * ({@code …/models/{model}:generateContent}), Bedrock runtime ({@code …/model/{modelId}/invoke}), Workers AI
 * ({@code /@cf/{author}/{model}} or {@code /run/@cf/…}). Null when the path names none (the body's {@code model} is
 * used then).
 */
public final class ModelInPath {

    /** {@code models/{model}:{method}} (Google's REST form), the model being the last segment before the colon. */
    private static final Pattern MODELS_METHOD = Pattern.compile("/models/([^/:?]+):[A-Za-z]+");

    private static final Pattern WORKERS_AI = Pattern.compile("^(?:/run)?/(@[^/?]+/[^/?]+/[^/?]+)");

    private ModelInPath() {}

    public static String of(String providerSlug, String providerPath) {
        if (providerPath == null || providerPath.isEmpty()) {
            return null;
        }
        return switch (providerSlug) {
            case "aws-bedrock" -> BedrockPaths.model(providerPath);
            case "google-ai-studio", "google-vertex-ai" -> group(MODELS_METHOD.matcher(decoded(providerPath)));
            case "workers-ai" -> group(WORKERS_AI.matcher(providerPath));
            default -> null;
        };
    }

    private static String group(Matcher m) {
        return m.find() ? decoded(m.group(1)) : null;
    }

    /** A percent-decoded path segment (Bedrock model ids and ARNs are sent encoded); as is when not decodable. */
    public static String decoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
