package dev.aigateway.gateway;

import dev.aigateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** The gateways this instance serves, declared in config; {@code default} always exists. */
@Singleton
@Startup
public class GatewayRegistry {

    private static final Logger LOG = Logger.getLogger(GatewayRegistry.class);

    public static final String DEFAULT_GATEWAY = "default";
    public static final int MAX_ID_LENGTH = 64;

    private final Map<String, GatewaySettings> gateways = new LinkedHashMap<>();

    public GatewayRegistry(GatewayConfig config) {
        config.gateways().forEach((id, gw) -> gateways.put(id, settings(id, gw)));
        gateways.computeIfAbsent(DEFAULT_GATEWAY, GatewayRegistry::defaults);
        gateways.values()
                .forEach(g -> LOG.infof(
                        "Gateway %s: authentication %s, %d token(s), stored keys for %s",
                        g.id(),
                        g.authentication() ? "on" : "off",
                        g.tokenDigests().size(),
                        describeKeys(g)));
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
        return Optional.ofNullable(gateways.get(id));
    }

    public Map<String, GatewaySettings> all() {
        return Map.copyOf(gateways);
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
                Map.of());
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
                storedKeys(gw.providerKeys()));
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
