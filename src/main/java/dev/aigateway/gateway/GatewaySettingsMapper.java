package dev.aigateway.gateway;

import dev.aigateway.config.Backoff;
import dev.aigateway.config.ConfiguredBalancing;
import dev.aigateway.config.ConfiguredGateway;
import dev.aigateway.config.ConfiguredLimit;
import dev.aigateway.config.ConfiguredSemanticCache;
import dev.aigateway.config.ConfiguredSpendDimension;
import dev.aigateway.config.ConfiguredSpendLimit;
import dev.aigateway.config.LimitUnit;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.config.SemanticMode;
import dev.aigateway.config.UnknownPrice;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.ratelimit.SpendRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds every {@link GatewaySettings}, and holds every default and bound of a gateway's fields. Both sources take
 * the same road: a gateway declared in config is a {@link ConfiguredGateway}; a management-API body is read by
 * {@link GatewaySpec} into that same shape (the fields the API lacks left unset). The bounds are Cloudflare's: the API
 * refuses a value outside them (naming the field), config clamps the retry fields into them, as it always has.
 */
public final class GatewaySettingsMapper {

    /** An inclusive range of a numeric field. */
    public record Bound(long min, long max) {

        public long clamp(long value) {
            return Math.max(min, Math.min(max, value));
        }

        public boolean contains(long value) {
            return value >= min && value <= max;
        }
    }

    /** Attempts per upstream call; {@code cf-aig-max-attempts} is clamped into it too. */
    public static final Bound RETRY_ATTEMPTS = new Bound(1, 5);
    /** Base delay between attempts, milliseconds; {@code cf-aig-retry-delay} is clamped into it too. */
    public static final Bound RETRY_DELAY_MILLIS = new Bound(0, 5000);
    /** {@code cache_ttl} and {@code rate_limiting_limit} / {@code _interval} over the API. */
    static final Bound COUNT = new Bound(0, Integer.MAX_VALUE);
    /** {@code log_management} (stored rows) over the API. */
    static final Bound LOG_ROWS = new Bound(1, 10_000_000);

    // Cloudflare's defaults, for a field neither source sets (authentication: on when the gateway has tokens).
    static final boolean COLLECT_LOGS = true;
    static final RateLimitTechnique TECHNIQUE = RateLimitTechnique.FIXED;
    static final LimitUnit UNIT = LimitUnit.REQUESTS;
    static final int RETRY_ATTEMPTS_DEFAULT = 1;
    static final int RETRY_DELAY_DEFAULT = 0;
    static final Backoff BACKOFF = Backoff.CONSTANT;
    static final boolean FAIL_OPEN = true;
    static final boolean LEND_STORED_KEYS_WITHOUT_TOKEN = false;
    /** A spend limit lets a request of unknown price through, counting 0. */
    static final UnknownPrice UNKNOWN_PRICE = UnknownPrice.ALLOW;

    // The semantic cache (our extension): threshold chosen from the evaluation set's curve (README, "Semantic cache").
    public static final double SEMANTIC_THRESHOLD = 0.92;
    static final long SEMANTIC_TTL = 86_400;
    static final SemanticMode SEMANTIC_MODE = SemanticMode.SERVE;
    static final int SEMANTIC_MAX_ENTRIES = 10_000;
    /** {@code semantic-cache.threshold}: cosine similarity. */
    public static final double SEMANTIC_MIN_THRESHOLD = 0.80;
    /** {@code semantic-cache.ttl}, seconds (the exact cache's bounds). */
    static final Bound SEMANTIC_TTL_SECONDS = new Bound(60, 30L * 24 * 3600);
    /** {@code semantic-cache.max-entries}. */
    static final Bound SEMANTIC_ENTRIES = new Bound(1, 1_000_000);

    private GatewaySettingsMapper() {}

    /** A gateway config does not declare: the {@code default} gateway then. */
    public static GatewaySettings defaults(String id) {
        return settings(id, List.of(), ApiGateway.UNSET);
    }

    /** A gateway declared in config; a bad value fails start-up with the setting's name. */
    public static GatewaySettings fromConfig(String id, ConfiguredGateway gateway) {
        List<byte[]> digests = gateway.tokens().orElse(List.of()).stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(TokenDigest::of)
                .toList();
        return settings(id, digests, gateway);
    }

    /**
     * The one mapping, for both sources: defaults for unset fields, retry fields clamped, the limit rules built.
     *
     * @param tokenDigests the gateway tokens' digests ({@code gateway.tokens()} is not read: the API keeps digests only)
     */
    static GatewaySettings settings(String id, List<byte[]> tokenDigests, ConfiguredGateway gateway) {
        return new GatewaySettings(
                id,
                gateway.authentication().orElse(!tokenDigests.isEmpty()),
                List.copyOf(tokenDigests),
                gateway.cacheTtl().map(OptionalInt::of).orElse(OptionalInt.empty()),
                gateway.collectLogs().orElse(COLLECT_LOGS),
                gateway.rateLimitingLimit().map(OptionalInt::of).orElse(OptionalInt.empty()),
                gateway.rateLimitingInterval().map(OptionalInt::of).orElse(OptionalInt.empty()),
                gateway.rateLimitingTechnique().orElse(TECHNIQUE),
                (int) RETRY_ATTEMPTS.clamp(gateway.retryMaxAttempts().orElse(RETRY_ATTEMPTS_DEFAULT)),
                (int) RETRY_DELAY_MILLIS.clamp(gateway.retryDelay().orElse(RETRY_DELAY_DEFAULT)),
                gateway.retryBackoff().orElse(BACKOFF),
                gateway.logManagement().map(OptionalLong::of).orElse(OptionalLong.empty()),
                gateway.logManagementStrategy(),
                storedKeys(gateway.providerKeys()),
                gateway.rateLimitingFailOpen().orElse(FAIL_OPEN),
                limits(id, gateway),
                gateway.allowUnauthenticatedStoredKeys().orElse(LEND_STORED_KEYS_WITHOUT_TOKEN),
                TrustedProxies.parse(
                        setting(id, "trusted-proxies"), gateway.trustedProxies().orElse(List.of())),
                semanticCache(id, gateway.semanticCache()),
                loadBalancing(id, gateway.loadBalancing()),
                spendLimits(id, gateway.spendLimits()));
    }

    /** Providers whose requests a gateway balances across keys or deployments (config and API alike). */
    static final int MAX_BALANCED_PROVIDERS = 64;

    /** {@code load-balancing.<provider>}: strategy and weights checked; a bad value fails naming the setting. */
    static Map<String, KeyBalancing> loadBalancing(String id, Map<String, ConfiguredBalancing> configured) {
        if (configured.size() > MAX_BALANCED_PROVIDERS) {
            throw new IllegalArgumentException(
                    setting(id, "load-balancing") + ": at most " + MAX_BALANCED_PROVIDERS + " providers");
        }
        Map<String, KeyBalancing> out = new TreeMap<>();
        configured.forEach((slug, b) -> {
            String provider = slug.replace("\"", "");
            out.put(provider, KeyBalancing.of(setting(id, "load-balancing." + provider), b.strategy(), b.weights()));
        });
        return Map.copyOf(out);
    }

    /** The spend limits (at most {@link SpendRule#MAX_RULES}); a bad rule fails naming it. */
    static List<SpendRule> spendLimits(String id, Map<String, ConfiguredSpendLimit> configured) {
        if (configured.size() > SpendRule.MAX_RULES) {
            throw new IllegalArgumentException(
                    setting(id, "spend-limits") + ": at most " + SpendRule.MAX_RULES + " rules per gateway");
        }
        List<SpendRule> rules = new ArrayList<>();
        new TreeMap<>(configured).forEach((name, c) -> {
            try {
                rules.add(SpendRule.of(
                        name,
                        c.budget(),
                        c.interval(),
                        c.technique().orElse(TECHNIQUE) == RateLimitTechnique.SLIDING,
                        dimension(c.provider()),
                        dimension(c.model()),
                        dimension(c.metadata()),
                        c.unknownPrice().orElse(UNKNOWN_PRICE) == UnknownPrice.REFUSE,
                        c.defaultMaxTokens().orElse(-1L)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting(id, "spend-limits." + name) + ": " + e.getMessage(), e);
            }
        });
        return List.copyOf(rules);
    }

    static SpendRule.Dimension dimension(Optional<ConfiguredSpendDimension> d) {
        return d.map(x -> new SpendRule.Dimension(
                        x.mode()
                                .orElseThrow(() ->
                                        new IllegalArgumentException("a dimension needs its mode: split or filter")),
                        x.key().map(String::strip).orElse(null),
                        x.value().map(String::strip).orElse(null)))
                .orElse(SpendRule.Dimension.NONE);
    }

    /** Defaults for unset fields; a value outside its bounds fails (start-up, or the API call) naming the field. */
    static SemanticCacheSettings semanticCache(String id, Optional<ConfiguredSemanticCache> configured) {
        if (configured.isEmpty()) {
            return SemanticCacheSettings.OFF;
        }
        ConfiguredSemanticCache c = configured.get();
        double threshold = c.threshold().orElse(SEMANTIC_THRESHOLD);
        if (!(threshold >= SEMANTIC_MIN_THRESHOLD && threshold <= 1.0)) {
            throw new IllegalArgumentException(setting(id, "semantic-cache.threshold") + " must be between "
                    + SEMANTIC_MIN_THRESHOLD + " and 1.0");
        }
        long ttl = c.ttl().map(Integer::longValue).orElse(SEMANTIC_TTL);
        if (!SEMANTIC_TTL_SECONDS.contains(ttl)) {
            throw new IllegalArgumentException(setting(id, "semantic-cache.ttl") + " must be between "
                    + SEMANTIC_TTL_SECONDS.min() + " and " + SEMANTIC_TTL_SECONDS.max() + " seconds");
        }
        int entries = c.maxEntries().orElse(SEMANTIC_MAX_ENTRIES);
        if (!SEMANTIC_ENTRIES.contains(entries)) {
            throw new IllegalArgumentException(setting(id, "semantic-cache.max-entries") + " must be between "
                    + SEMANTIC_ENTRIES.min() + " and " + SEMANTIC_ENTRIES.max());
        }
        return new SemanticCacheSettings(
                c.enabled().orElse(false), threshold, ttl, c.mode().orElse(SEMANTIC_MODE), entries);
    }

    /** The gateway-wide Cloudflare limit (when limit and interval are set) and the named rules; bad rules fail start. */
    static List<LimitRule> limits(String id, ConfiguredGateway gateway) {
        List<LimitRule> rules = new ArrayList<>();
        if (gateway.rateLimitingLimit().isPresent()
                && gateway.rateLimitingInterval().isPresent()
                && gateway.rateLimitingInterval().get() > 0) {
            rules.add(rule(
                    id,
                    LimitRule.GATEWAY_RULE,
                    () -> LimitRule.of(
                            LimitRule.GATEWAY_RULE,
                            "gateway",
                            gateway.rateLimitingLimit().get(),
                            gateway.rateLimitingInterval().get(),
                            gateway.rateLimitingTechnique().orElse(TECHNIQUE),
                            LimitUnit.REQUESTS)));
        }
        if (gateway.limits().containsKey(LimitRule.GATEWAY_RULE)) {
            throw new IllegalArgumentException(setting(id, "limits." + LimitRule.GATEWAY_RULE)
                    + ": the name is reserved for the rate-limiting-* settings; pick another");
        }
        new TreeMap<>(gateway.limits()).forEach((name, l) -> rules.add(rule(id, name, () -> rule(name, l))));
        return List.copyOf(rules);
    }

    private static LimitRule rule(String name, ConfiguredLimit limit) {
        return LimitRule.of(
                name,
                limit.identifier(),
                limit.limit(),
                limit.interval(),
                limit.technique().orElse(TECHNIQUE),
                limit.unit().orElse(UNIT));
    }

    private static LimitRule rule(String gateway, String name, Supplier<LimitRule> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String field = name.equals(LimitRule.GATEWAY_RULE) ? "rate-limiting-*" : "limits." + name;
            throw new IllegalArgumentException(setting(gateway, field) + ": " + e.getMessage(), e);
        }
    }

    /** {@code <slug>} → alias default; {@code <slug>.work} → alias work; blank keys are left out. */
    static Map<String, Map<String, String>> storedKeys(Map<String, String> flat) {
        Map<String, Map<String, String>> byProvider = new TreeMap<>();
        flat.forEach((key, value) -> {
            String k = key.replace("\"", "");
            int dot = k.indexOf('.');
            String provider = dot < 0 ? k : k.substring(0, dot);
            String alias = dot < 0 ? GatewaySettings.DEFAULT_ALIAS : k.substring(dot + 1);
            if (!value.isBlank()) {
                byProvider.computeIfAbsent(provider, p -> new TreeMap<>()).put(alias, value.strip());
            }
        });
        Map<String, Map<String, String>> frozen = new TreeMap<>();
        byProvider.forEach((p, aliases) -> frozen.put(p, Map.copyOf(aliases)));
        return Map.copyOf(frozen);
    }

    private static String setting(String gateway, String field) {
        return "gateway.gateways." + gateway + "." + field;
    }
}
