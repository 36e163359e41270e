package dev.aigateway.compat;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.ChatTargets;

/**
 * A unified-API model name, {@code {provider}/{model}}: the provider prefix (its slug, or an alias of it, see
 * {@link ChatTargets#slugOf}) and the provider's own model name, which may contain slashes itself (an aggregator's
 * {@code vendor/model}, a {@code @cf/…} model).
 *
 * @param slug the provider slug the prefix names
 * @param model the model name the provider knows
 */
record CompatModel(String slug, String model) {

    /** Parses {@code name}; 400 (code 2019) when it has no provider prefix. */
    static CompatModel parse(String name) {
        int slash = name == null ? -1 : name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new GatewayException(
                    GatewayError.MISSING_PROVIDER_PREFIX,
                    "The model must be named {provider}/{model}, such as " + ChatTargets.EXAMPLES);
        }
        return new CompatModel(ChatTargets.slugOf(name.substring(0, slash)), name.substring(slash + 1));
    }
}
