package dev.aigateway.gateway;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.ratelimit.LimitRule;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
        config.gateways().forEach((id, gw) -> gateways.put(id, GatewaySettingsMapper.fromConfig(id, gw)));
        gateways.computeIfAbsent(DEFAULT_GATEWAY, GatewaySettingsMapper::defaults);
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
                                ? g.retryMaxAttempts() + " (" + g.retryDelay() + " ms "
                                        + g.retryBackoff().spelling() + ")"
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

    /** Providers and aliases of the stored keys, for the start-up log (key values are never shown). */
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
}
