package dev.aigateway.config;

import io.smallrye.config.WithConverter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway.gateways.<id>.*}: one gateway, Cloudflare's settings object in kebab case. Fields Cloudflare's
 * management API also has are optional here: their defaults and bounds are applied where gateway settings are built
 * (one place for config and the management API alike); the defaults named below are those.
 */
public interface ConfiguredGateway {

    /** Require {@code cf-aig-authorization: Bearer <token>}; default true when tokens are configured. */
    Optional<Boolean> authentication();

    /** Accepted gateway tokens (comma separated in a single property or env var). */
    Optional<List<String>> tokens();

    /** Default cache TTL in seconds; 0 or absent disables caching. */
    Optional<Integer> cacheTtl();

    /** Whether requests are logged; default true. */
    Optional<Boolean> collectLogs();

    /** Requests allowed per interval for the whole gateway; absent disables this limit. */
    Optional<Integer> rateLimitingLimit();

    /** Rate-limit interval in seconds. */
    Optional<Integer> rateLimitingInterval();

    /** {@code fixed} (default) or {@code sliding}. */
    @WithConverter(RateLimitTechnique.Converter.class)
    Optional<RateLimitTechnique> rateLimitingTechnique();

    /** Attempts per upstream request, 1 (default) to 5; values outside are clamped. */
    Optional<Integer> retryMaxAttempts();

    /** Base delay between retries in milliseconds, 0 (default) to 5000; values outside are clamped. */
    Optional<Integer> retryDelay();

    /** {@code constant} (default), {@code linear} or {@code exponential}. */
    @WithConverter(Backoff.Converter.class)
    Optional<Backoff> retryBackoff();

    /** Maximum stored log rows. */
    Optional<Long> logManagement();

    /** {@code STOP_INSERTING} or {@code DELETE_OLDEST}. */
    @WithConverter(LogManagementStrategy.Converter.class)
    Optional<LogManagementStrategy> logManagementStrategy();

    /**
     * Stored provider keys (BYOK): {@code provider-keys.<slug>} is alias {@code default},
     * {@code provider-keys.<slug>.<alias>} a named alias.
     */
    Map<String, String> providerKeys();

    /**
     * Stored provider keys are only injected into requests that presented a valid gateway token; {@code true} also
     * injects them into unauthenticated requests, so anyone who can reach the gateway spends them (logged as a warning
     * at start-up). Default false.
     */
    Optional<Boolean> allowUnauthenticatedStoredKeys();

    /**
     * Peers (CIDRs, e.g. {@code 10.0.0.0/8,127.0.0.1/32}) whose {@code X-Forwarded-For} / {@code Forwarded} headers
     * name the client: used by the {@code ip} limit identifier and the log. Default none: the socket peer is the
     * client and forwarding headers are ignored.
     */
    Optional<List<String>> trustedProxies();

    /**
     * When Redis cannot be reached: {@code true} (default) lets requests through uncounted, {@code false} answers 503
     * (code 2105).
     */
    Optional<Boolean> rateLimitingFailOpen();

    /** Named limit rules, each counting requests or tokens per identifier (user, key, IP, ...). */
    Map<String, ConfiguredLimit> limits();

    /**
     * Dynamic routes ({@code model: "dynamic/<name>"}): {@code routes.<name>} is a JSON file holding the route's
     * elements (Cloudflare's dynamic-routing JSON, an {@code elements} array or an object with one), or that JSON
     * inline. Checked at start-up; a configured name wins over a route of that name from the management API.
     */
    Map<String, String> routes();

    /**
     * The route provider-native chat requests ({@code …/openai/…/chat/completions}, {@code …/anthropic/v1/messages},
     * any provider's path of those two formats) take: the route's model elements serve them, translated when a
     * target speaks the other format. Unset (default): native requests go to the provider they name.
     */
    Optional<String> defaultRoute();
    /** The semantic cache (near-duplicate prompts); absent: off. */
    Optional<ConfiguredSemanticCache> semanticCache();

    /**
     * {@code load-balancing.<provider>}: requests without a key of their own spread across the provider's stored
     * keys or deployments (weighted round robin or least-in-flight), skipping a member whose breaker is open and
     * moving to the next on 429/5xx. Absent: the {@code default} alias serves every request.
     */
    Map<String, ConfiguredBalancing> loadBalancing();

    /** Spend limits: {@code spend-limits.<rule>} is a USD budget per window (at most 20 rules). */
    Map<String, ConfiguredSpendLimit> spendLimits();
}
