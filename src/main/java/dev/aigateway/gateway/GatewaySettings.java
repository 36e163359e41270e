package dev.aigateway.gateway;

import dev.aigateway.config.Backoff;
import dev.aigateway.config.LogManagementStrategy;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.ratelimit.SpendRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One gateway's settings, mirroring Cloudflare's gateway object; built only by {@link GatewaySettingsMapper} (from
 * config or the management API), which applies the defaults and bounds.
 *
 * @param storedKeys stored provider keys: provider slug → alias → key
 * @param rateLimitingFailOpen whether requests pass uncounted while Redis is unreachable
 * @param limits every limit rule: the Cloudflare gateway-wide one (when set) first, then the named rules
 * @param allowUnauthenticatedStoredKeys stored keys are injected into requests without a valid gateway token too
 *     (operator opt-in; by default only authenticated requests get them)
 * @param trustedProxies peers whose forwarding headers name the client (empty: none)
 * @param semanticCache the semantic cache ({@link SemanticCacheSettings#OFF} when the gateway has none)
 * @param loadBalancing provider slug → how its stored keys or deployments share requests (absent: no balancing)
 * @param spendLimits the spend limits (USD budgets), at most {@link SpendRule#MAX_RULES}
 */
public record GatewaySettings(
        String id,
        boolean authentication,
        List<byte[]> tokenDigests,
        OptionalInt cacheTtl,
        boolean collectLogs,
        OptionalInt rateLimitingLimit,
        OptionalInt rateLimitingInterval,
        RateLimitTechnique rateLimitingTechnique,
        int retryMaxAttempts,
        int retryDelay,
        Backoff retryBackoff,
        OptionalLong logManagement,
        Optional<LogManagementStrategy> logManagementStrategy,
        Map<String, Map<String, String>> storedKeys,
        boolean rateLimitingFailOpen,
        List<LimitRule> limits,
        boolean allowUnauthenticatedStoredKeys,
        TrustedProxies trustedProxies,
        SemanticCacheSettings semanticCache,
        Map<String, KeyBalancing> loadBalancing,
        List<SpendRule> spendLimits) {

    public static final String DEFAULT_ALIAS = "default";

    /** Whether the presented token is one of this gateway's tokens; compares digests in constant time. */
    public boolean acceptsToken(String presented) {
        return TokenDigest.matchesAny(tokenDigests, presented);
    }

    public boolean hasTokens() {
        return !tokenDigests.isEmpty();
    }

    /** Aliases stored for a provider, for error messages (the keys themselves are never shown). */
    public Map<String, String> storedKeysFor(String provider) {
        return storedKeys.getOrDefault(provider, Map.of());
    }

    /** The provider's load-balancing setting; null when its requests are not balanced. */
    public KeyBalancing balancingFor(String provider) {
        return loadBalancing.get(provider);
    }

    @Override
    public String toString() {
        return "GatewaySettings[id=" + id + ", authentication=" + authentication + "]";
    }
}
