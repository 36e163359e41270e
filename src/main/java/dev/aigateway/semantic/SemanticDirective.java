package dev.aigateway.semantic;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.SemanticCacheSettings;
import io.vertx.core.MultiMap;

/**
 * How one request uses its gateway's semantic cache, from its headers: {@code cf-aig-skip-semantic-cache: true} (or
 * {@code cf-aig-skip-cache: true}) skips the lookup (the fresh response is still stored);
 * {@code cf-aig-semantic-threshold: 0.97} sets the similarity this request needs, clamped into the configured floor
 * ({@code gateway.semantic.min-threshold}) … 1.0. Anything but a number there is answered 400.
 */
public record SemanticDirective(boolean skipLookup, double threshold) {

    public static final String SKIP = "cf-aig-skip-semantic-cache";
    public static final String THRESHOLD = "cf-aig-semantic-threshold";
    public static final String SKIP_CACHE = "cf-aig-skip-cache";

    public static SemanticDirective of(SemanticCacheSettings settings, MultiMap headers, double minThreshold) {
        boolean skip = isTrue(headers.get(SKIP)) || isTrue(headers.get(SKIP_CACHE));
        double threshold = settings.threshold();
        String asked = headers.get(THRESHOLD);
        if (asked != null) {
            double value;
            try {
                value = Double.parseDouble(asked.strip());
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new GatewayException(
                        GatewayError.BAD_REQUEST,
                        THRESHOLD + " must be a number (a cosine similarity, " + minThreshold + " to 1.0)");
            }
            threshold = Math.max(minThreshold, Math.min(1.0, value));
        }
        return new SemanticDirective(skip, threshold);
    }

    private static boolean isTrue(String value) {
        return value != null && value.strip().equalsIgnoreCase("true");
    }
}
