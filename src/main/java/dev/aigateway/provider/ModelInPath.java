package dev.aigateway.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model a request names in its URL rather than its body, for the log: each vendor's rules know where its paths
 * put it ({@link ProviderRules#modelInPath}). Null when the path names none (the body's {@code model} is used then).
 */
public final class ModelInPath {

    /** {@code models/{model}:{method}} (Google's REST form), the model being the last segment before the colon. */
    private static final Pattern MODELS_METHOD = Pattern.compile("/models/([^/:?]+):[A-Za-z]+");

    private ModelInPath() {}

    public static String of(String providerSlug, String providerPath) {
        if (providerPath == null || providerPath.isEmpty()) {
            return null;
        }
        return Vendors.of(providerSlug).modelInPath(providerPath);
    }

    /** The model of a {@code …/models/{model}:{method}} path (percent-decoded); null when it is not one. */
    public static String modelsMethod(String providerPath) {
        Matcher m = MODELS_METHOD.matcher(decoded(providerPath));
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
