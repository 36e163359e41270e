package dev.aigateway.gateway;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.ratelimit.LimitRule;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The gateways this instance serves: those declared in config ({@code default} always exists) and, beside them,
 * those created over the management API ({@link GatewayStore}). A configured id always wins: the API cannot shadow
 * or change it.
 */
@Singleton
@Startup
public class GatewayRegistry {

    private static final Logger LOG = Logger.getLogger(GatewayRegistry.class);

    public static final String DEFAULT_GATEWAY = "default";
    public static final int MAX_ID_LENGTH = 64;

    private final Map<String, GatewaySettings> gateways = new LinkedHashMap<>();

    /** API-created gateways, replaced as a whole whenever the store reloads. */
    private volatile Map<String, Stored> stored = Map.of();

    /** A gateway created over the management API, with its API fields and timestamps. */
    public record Stored(GatewaySpec spec, GatewaySettings settings, Instant createdAt, Instant modifiedAt) {}

    public GatewayRegistry(GatewayConfig config) {
        config.gateways().forEach((id, gw) -> gateways.put(id, settings(id, gw)));
        gateways.computeIfAbsent(DEFAULT_GATEWAY, GatewayRegistry::defaults);
        gateways.values()
                .forEach(g -> LOG.infof(
                        "Gateway %s: authentication %s, %d token(s), stored keys for %s, cache %s, limits %s, attempts %s",
                        g.id(),
                        g.authentication() ? "on" : "off",
                        g.tokenDigests().size(),
                        describeKeys(g),
                        g.cacheTtl().isPresent() && g.cacheTtl().getAsInt() > 0
                                ? g.cacheTtl().getAsInt() + " s"
                                : "off",
                        g.limits().isEmpty()
                                ? "none"
                                : g.limits().stream().map(LimitRule::name).toList(),
                        g.retryMaxAttempts() > 1
                                ? g.retryMaxAttempts() + " (" + g.retryDelay() + " ms " + g.retryBackoff() + ")"
                                : "1"));
        gateways.values().forEach(GatewayRegistry::warnAboutStoredKeys);
    }

    /** Says at start-up who can spend a gateway's stored keys (never the keys themselves). */
    private static void warnAboutStoredKeys(GatewaySettings g) {
        if (g.storedKeys().isEmpty() || g.authentication()) {
            return;
        }
        if (g.allowUnauthenticatedStoredKeys()) {
            LOG.warnf(
                    "Gateway %s has authentication off and allow-unauthenticated-stored-keys=true: anyone who can"
                            + " reach this port spends its stored provider keys (%s)",
                    g.id(), describeKeys(g));
        } else {
            LOG.warnf(
                    "Gateway %s has stored provider keys but authentication off: they are used only for requests"
                            + " with a valid gateway token%s (set tokens, or allow-unauthenticated-stored-keys=true"
                            + " to lend them to every caller)",
                    g.id(), g.hasTokens() ? "" : ", and it has none, so never");
        }
    }

    /** Providers and aliases only: key values are never logged. */
    private static String describeKeys(GatewaySettings g) {
        return g.storedKeys().isEmpty()
                ? "no provider"
                : new TreeMap<>(g.storedKeys())
                        .entrySet().stream()
                                .map(e -> e.getKey()
                                        + new java.util.TreeSet<>(e.getValue().keySet()))
                                .collect(java.util.stream.Collectors.joining(", "));
    }

    public Optional<GatewaySettings> find(String id) {
        GatewaySettings configured = gateways.get(id);
        if (configured != null) {
            return Optional.of(configured);
        }
        Stored created = stored.get(id);
        return created == null ? Optional.empty() : Optional.of(created.settings());
    }

    /** Every gateway: configured ones, then API-created ones whose ids config does not use. */
    public Map<String, GatewaySettings> all() {
        Map<String, GatewaySettings> all = new LinkedHashMap<>(gateways);
        stored.forEach((id, g) -> all.putIfAbsent(id, g.settings()));
        return all;
    }

    public boolean isConfigured(String id) {
        return gateways.containsKey(id);
    }

    /** Configured gateways, in declaration order. */
    public Map<String, GatewaySettings> configured() {
        return java.util.Collections.unmodifiableMap(gateways);
    }

    /** API-created gateways that config does not shadow. */
    public Map<String, Stored> stored() {
        Map<String, Stored> visible = new TreeMap<>(stored);
        visible.keySet().removeAll(gateways.keySet());
        return visible;
    }

    /** One API-created gateway, unless config shadows its id; null when there is none. */
    public Stored created(String id) {
        return gateways.containsKey(id) ? null : stored.get(id);
    }

    /** Swaps in the gateways read from the store. */
    void replaceStored(Map<String, Stored> fresh) {
        Map<String, Stored> previous = stored;
        stored = Map.copyOf(fresh);
        fresh.keySet().stream()
                .filter(id -> !previous.containsKey(id))
                .forEach(id -> LOG.infof(
                        gateways.containsKey(id)
                                ? "Gateway %s from the management API is ignored: config declares it"
                                : "Gateway %s added over the management API",
                        id));
        previous.keySet().stream()
                .filter(id -> !fresh.containsKey(id))
                .forEach(id -> LOG.infof("Gateway %s deleted over the management API", id));
    }

    private static GatewaySettings defaults(String id) {
        return new GatewaySettings(
                id,
                false,
                List.of(),
                OptionalInt.empty(),
                true,
                OptionalInt.empty(),
                OptionalInt.empty(),
                "fixed",
                1,
                0,
                "constant",
                OptionalLong.empty(),
                Optional.empty(),
                Map.of(),
                true,
                List.of(),
                false,
                TrustedProxies.NONE);
    }

    static GatewaySettings settings(String id, GatewayConfig.Gateway gw) {
        List<byte[]> tokens = gw.tokens().orElse(List.of()).stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(TokenDigest::of)
                .toList();
        return new GatewaySettings(
                id,
                gw.authentication().orElse(!tokens.isEmpty()),
                tokens,
                gw.cacheTtl().map(OptionalInt::of).orElse(OptionalInt.empty()),
                gw.collectLogs(),
                gw.rateLimitingLimit().map(OptionalInt::of).orElse(OptionalInt.empty()),
                gw.rateLimitingInterval().map(OptionalInt::of).orElse(OptionalInt.empty()),
                gw.rateLimitingTechnique(),
                Math.max(1, Math.min(5, gw.retryMaxAttempts())),
                Math.max(0, Math.min(5000, gw.retryDelay())),
                gw.retryBackoff(),
                gw.logManagement().map(OptionalLong::of).orElse(OptionalLong.empty()),
                gw.logManagementStrategy(),
                storedKeys(gw.providerKeys()),
                gw.rateLimitingFailOpen(),
                limits(id, gw),
                gw.allowUnauthenticatedStoredKeys(),
                TrustedProxies.parse(
                        "gateway.gateways." + id + ".trusted-proxies",
                        gw.trustedProxies().orElse(List.of())));
    }

    /** The gateway-wide Cloudflare limit (when limit and interval are set) and the named rules; bad rules fail start. */
    static List<LimitRule> limits(String id, GatewayConfig.Gateway gw) {
        List<LimitRule> rules = new ArrayList<>();
        if (gw.rateLimitingLimit().isPresent()
                && gw.rateLimitingInterval().isPresent()
                && gw.rateLimitingInterval().get() > 0) {
            rules.add(rule(
                    id,
                    LimitRule.GATEWAY_RULE,
                    () -> LimitRule.of(
                            LimitRule.GATEWAY_RULE,
                            "gateway",
                            gw.rateLimitingLimit().get(),
                            gw.rateLimitingInterval().get(),
                            gw.rateLimitingTechnique(),
                            "requests")));
        }
        if (gw.limits().containsKey(LimitRule.GATEWAY_RULE)) {
            throw new IllegalArgumentException("gateway.gateways." + id + ".limits." + LimitRule.GATEWAY_RULE
                    + ": the name is reserved for the rate-limiting-* settings; pick another");
        }
        new TreeMap<>(gw.limits())
                .forEach((name, l) -> rules.add(rule(
                        id,
                        name,
                        () -> LimitRule.of(name, l.identifier(), l.limit(), l.interval(), l.technique(), l.unit()))));
        return List.copyOf(rules);
    }

    private static LimitRule rule(String gateway, String name, java.util.function.Supplier<LimitRule> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String setting = name.equals(LimitRule.GATEWAY_RULE) ? "rate-limiting-*" : "limits." + name;
            throw new IllegalArgumentException(
                    "gateway.gateways." + gateway + "." + setting + ": " + e.getMessage(), e);
        }
    }

    /** {@code openai} → alias default; {@code openai.work} → alias work. */
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
}
