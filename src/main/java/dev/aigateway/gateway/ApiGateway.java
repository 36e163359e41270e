package dev.aigateway.gateway;

import dev.aigateway.config.Backoff;
import dev.aigateway.config.BalanceStrategy;
import dev.aigateway.config.ConfiguredBalancing;
import dev.aigateway.config.ConfiguredGateway;
import dev.aigateway.config.ConfiguredLimit;
import dev.aigateway.config.ConfiguredSemanticCache;
import dev.aigateway.config.ConfiguredSpendDimension;
import dev.aigateway.config.ConfiguredSpendLimit;
import dev.aigateway.config.LogManagementStrategy;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.config.SemanticMode;
import dev.aigateway.config.SpendScope;
import dev.aigateway.config.UnknownPrice;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings fields of Cloudflare's gateway object, as a management-API body gives them, in the shape of a gateway
 * declared in config, so that {@link GatewaySettingsMapper} builds settings from both sources the same way. What only
 * config has (stored keys, named limits, trusted proxies, fail-open, lending stored keys) is unset, and tokens come
 * as digests beside it.
 */
record ApiGateway(
        Optional<Boolean> authentication,
        Optional<Integer> cacheTtl,
        Optional<Boolean> collectLogs,
        Optional<Integer> rateLimitingLimit,
        Optional<Integer> rateLimitingInterval,
        Optional<RateLimitTechnique> rateLimitingTechnique,
        Optional<Integer> retryMaxAttempts,
        Optional<Integer> retryDelay,
        Optional<Backoff> retryBackoff,
        Optional<Long> logManagement,
        Optional<LogManagementStrategy> logManagementStrategy,
        Optional<ConfiguredSemanticCache> semanticCache,
        Map<String, ConfiguredBalancing> loadBalancing,
        Map<String, ConfiguredSpendLimit> spendLimits)
        implements ConfiguredGateway {

    /** Nothing set: every field takes its default. */
    static final ApiGateway UNSET = new ApiGateway(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Map.of());

    @Override
    public Optional<List<String>> tokens() {
        return Optional.empty();
    }

    @Override
    public Map<String, String> providerKeys() {
        return Map.of();
    }

    @Override
    public Optional<Boolean> allowUnauthenticatedStoredKeys() {
        return Optional.empty();
    }

    @Override
    public Optional<List<String>> trustedProxies() {
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> rateLimitingFailOpen() {
        return Optional.empty();
    }

    @Override
    public Map<String, ConfiguredLimit> limits() {
        return Map.of();
    }

    /** API gateways' routes are stored apart (the routes API), not in the gateway's settings. */
    @Override
    public Map<String, String> routes() {
        return Map.of();
    }

    @Override
    public java.util.Optional<String> defaultRoute() {
        return java.util.Optional.empty();
    }
    /** {@code semantic_cache} of a management-API body, in the config shape. */
    record SemanticFields(
            Optional<Boolean> enabled,
            Optional<Double> threshold,
            Optional<Integer> ttl,
            Optional<SemanticMode> mode,
            Optional<Integer> maxEntries)
            implements ConfiguredSemanticCache {}

    /** {@code load_balancing.<provider>} of a management-API body, in the config shape. */
    record BalancingFields(Optional<BalanceStrategy> strategy, Map<String, Integer> weights)
            implements ConfiguredBalancing {}

    /** One rule of {@code spend_limits} in a management-API body, in the config shape. */
    record SpendFields(
            java.math.BigDecimal budget,
            long interval,
            Optional<RateLimitTechnique> technique,
            Optional<ConfiguredSpendDimension> provider,
            Optional<ConfiguredSpendDimension> model,
            Optional<ConfiguredSpendDimension> metadata,
            Optional<UnknownPrice> unknownPrice,
            Optional<Long> defaultMaxTokens)
            implements ConfiguredSpendLimit {}

    /** One dimension of a {@code spend_limits} rule. */
    record DimensionFields(Optional<SpendScope> mode, Optional<String> value, Optional<String> key)
            implements ConfiguredSpendDimension {}
}
