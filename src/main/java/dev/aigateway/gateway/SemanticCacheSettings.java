package dev.aigateway.gateway;

import dev.aigateway.config.SemanticMode;

/**
 * One gateway's semantic cache, built by {@link GatewaySettingsMapper} (defaults and bounds there).
 *
 * @param threshold the cosine similarity a stored prompt must reach to match
 * @param ttlSeconds how long an entry is kept
 * @param maxEntries entries kept for the gateway (the least recently used are evicted first)
 */
public record SemanticCacheSettings(
        boolean enabled, double threshold, long ttlSeconds, SemanticMode mode, int maxEntries) {

    /** Off (the default). */
    public static final SemanticCacheSettings OFF = new SemanticCacheSettings(
            false,
            GatewaySettingsMapper.SEMANTIC_THRESHOLD,
            GatewaySettingsMapper.SEMANTIC_TTL,
            GatewaySettingsMapper.SEMANTIC_MODE,
            GatewaySettingsMapper.SEMANTIC_MAX_ENTRIES);

    public boolean shadow() {
        return mode == SemanticMode.SHADOW;
    }
}
