package dev.aigateway.route;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.provider.ChatTargets;
import dev.aigateway.provider.ProviderCatalogue;
import io.quarkus.runtime.Startup;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The dynamic routes in service, per gateway: those declared in config ({@code gateway.gateways.<gw>.routes.<name>},
 * a JSON file or inline JSON, checked at start-up: an invalid route stops the start naming its element) and, beside
 * them, the deployed versions of routes created over the management API ({@link RouteStore}, swapped in whole on every
 * reload). A configured name wins.
 */
@Singleton
@Startup
public class RouteRegistry {

    private static final Logger LOG = Logger.getLogger(RouteRegistry.class);
    public static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,64}";
    /** A configured route's id prefix and version. */
    public static final String CONFIG = "config";

    private final ProviderCatalogue catalogue;
    private final GatewayRegistry gateways;
    private final Map<String, Map<String, DeployedRoute>> configured = new HashMap<>();
    /** Gateway → configured route name → its elements as written (shown by the routes API). */
    private final Map<String, Map<String, JsonArray>> configuredElements = new HashMap<>();
    /** Gateway → the route its provider-native chat requests take. */
    private final Map<String, String> defaults = new HashMap<>();

    private volatile Map<String, Map<String, DeployedRoute>> stored = Map.of();

    public RouteRegistry(GatewayConfig config, ProviderCatalogue catalogue, GatewayRegistry gateways) {
        this.catalogue = catalogue;
        this.gateways = gateways;
        config.gateways().forEach((gw, g) -> g.routes().forEach((name, source) -> {
            if (!name.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException("gateway.gateways." + gw + ".routes." + name
                        + ": route names use letters, digits, '_', '.', '-' (at most 64)");
            }
            RouteGraph graph;
            JsonArray elements;
            try {
                Object json = Json.decodeValue(read(source));
                graph = parse(json);
                elements = json instanceof JsonObject o ? o.getJsonArray("elements") : (JsonArray) json;
            } catch (RouteInvalid | io.vertx.core.json.DecodeException | ClassCastException e) {
                throw new IllegalArgumentException(
                        "gateway.gateways." + gw + ".routes." + name + " is not a valid route: " + e.getMessage());
            }
            configured
                    .computeIfAbsent(gw, k -> new HashMap<>())
                    .put(name, new DeployedRoute(gw, name, CONFIG + ":" + name, CONFIG, graph));
            configuredElements.computeIfAbsent(gw, k -> new HashMap<>()).put(name, elements);
            LOG.infof("Gateway %s: route %s (%d elements) from config", gw, name, graph.size());
        }));
        config.gateways().forEach((gw, g) -> g.defaultRoute().ifPresent(name -> {
            defaults.put(gw, name.strip());
            LOG.infof("Gateway %s: provider-native chat requests take route %s", gw, name.strip());
        }));
    }

    /** A route's elements, checked against this gateway's providers. */
    public RouteGraph parse(Object json) {
        return RouteGraph.parse(json, slug -> catalogue.find(slug).isPresent() && ChatTargets.reachable(slug));
    }

    /** The route a request names as {@code dynamic/<name>}. */
    public Optional<DeployedRoute> find(String gateway, String name) {
        Map<String, DeployedRoute> c = configured.get(gateway);
        DeployedRoute route = c == null ? null : c.get(name);
        if (route == null) {
            Map<String, DeployedRoute> s = stored.get(gateway);
            route = s == null ? null : s.get(name);
        }
        return Optional.ofNullable(route);
    }

    /**
     * The route a gateway's provider-native chat requests take, when it has one in service: the configured
     * {@code default-route}, or an API-managed gateway's {@code default_route}.
     */
    public Optional<DeployedRoute> defaultRoute(String gateway) {
        String name = defaults.get(gateway);
        if (name == null) {
            GatewayRegistry.Stored stored = gateways.created(gateway);
            name = stored == null ? null : stored.spec().defaultRoute();
        }
        return name == null ? Optional.empty() : find(gateway, name);
    }

    public boolean isConfigured(String gateway, String name) {
        Map<String, DeployedRoute> c = configured.get(gateway);
        return c != null && c.containsKey(name);
    }

    /** Configured routes of a gateway, by name. */
    public Map<String, DeployedRoute> configured(String gateway) {
        return configured.getOrDefault(gateway, Map.of());
    }

    /** A configured route's elements as its configuration writes them (null: no such configured route). */
    public JsonArray configuredElements(String gateway, String name) {
        return configuredElements.getOrDefault(gateway, Map.of()).get(name);
    }

    void replaceStored(Map<String, Map<String, DeployedRoute>> fresh) {
        stored = fresh;
    }

    private static String read(String source) {
        String s = source.strip();
        if (s.startsWith("{") || s.startsWith("[")) {
            return s;
        }
        try {
            return Files.readString(Path.of(s));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read route file " + s + ": " + e.getMessage(), e);
        }
    }
}
