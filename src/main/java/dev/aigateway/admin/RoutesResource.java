package dev.aigateway.admin;

import dev.aigateway.route.DeployedRoute;
import dev.aigateway.route.RouteInvalid;
import dev.aigateway.route.RouteRegistry;
import dev.aigateway.route.RouteStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Cloudflare's dynamic-routing management API under {@code …/gateways/{gateway}/routes}: routes (list, create, get,
 * rename, delete), their versions (a version holds the elements; create, list, get) and deployments (deploy a version;
 * rolling back is deploying an older one). Elements are checked before they are stored (400 naming the element).
 * Routes declared in config are listed and readable, not changeable. Storage and refresh: {@link RouteStore}.
 */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/routes")
@AdminApi
@KnownGateway
public class RoutesResource {

    private static final Logger LOG = Logger.getLogger(RoutesResource.class);

    private final RouteRegistry registry;
    private final RouteStore store;

    public RoutesResource(RouteRegistry registry, RouteStore store) {
        this.registry = registry;
        this.store = store;
    }

    @GET
    public Uni<Response> list(@PathParam("gateway") String gateway) {
        return store.list(gateway)
                .map(rows -> {
                    JsonArray routes = new JsonArray();
                    registry.configured(gateway).values().forEach(r -> routes.add(configured(r)));
                    rows.forEach(r -> routes.add(RouteShapes.route(r)));
                    return V4Envelope.ok(new JsonObject()
                            .put("routes", routes)
                            .put("page", 1)
                            .put("per_page", routes.size())
                            .put("order_by", "created_at")
                            .put("order_by_direction", "asc"));
                })
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @POST
    public Uni<Response> create(@PathParam("gateway") String gateway, String body) {
        JsonObject json;
        JsonArray elements;
        try {
            json = object(body);
            elements = json.containsKey("elements") ? elements(json) : null;
        } catch (IllegalArgumentException | RouteInvalid e) {
            return done(V4Envelope.error(400, 7001, e.getMessage()));
        }
        Object name = json.getValue("name");
        if (!(name instanceof String n) || !n.matches(RouteRegistry.NAME_PATTERN)) {
            return done(V4Envelope.error(400, 7001, "'name' is required: letters, digits, '_', '.', '-' (at most 64)"));
        }
        if (registry.isConfigured(gateway, n)) {
            return done(V4Envelope.error(409, 7005, "Route '" + n + "' is declared in config"));
        }
        return store.create(gateway, n, elements)
                .map(r -> V4Envelope.ok(RouteShapes.route(r)))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        Optional<DeployedRoute> config = configuredById(gateway, id);
        if (config.isPresent()) {
            return done(V4Envelope.ok(configured(config.get())));
        }
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(notFound());
        }
        return store.get(gateway, uuid)
                .map(r -> r.map(row -> V4Envelope.ok(RouteShapes.route(row))).orElseGet(RoutesResource::notFound))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @PATCH
    @Path("{id}")
    public Uni<Response> patch(@PathParam("gateway") String gateway, @PathParam("id") String id, String body) {
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(configuredById(gateway, id).isPresent() ? inConfig() : notFound());
        }
        Object name;
        try {
            name = object(body).getValue("name");
        } catch (IllegalArgumentException e) {
            return done(V4Envelope.error(400, 7001, e.getMessage()));
        }
        if (!(name instanceof String n) || !n.matches(RouteRegistry.NAME_PATTERN)) {
            return done(V4Envelope.error(400, 7001, "'name': letters, digits, '_', '.', '-' (at most 64)"));
        }
        if (registry.isConfigured(gateway, n)) {
            return done(V4Envelope.error(409, 7005, "Route '" + n + "' is declared in config"));
        }
        return store.rename(gateway, uuid, n)
                .map(r -> r.map(row -> V4Envelope.ok(RouteShapes.route(row))).orElseGet(RoutesResource::notFound))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(configuredById(gateway, id).isPresent() ? inConfig() : notFound());
        }
        return store.delete(gateway, uuid)
                .map(deleted -> deleted ? V4Envelope.ok(new JsonObject().put("id", id)) : notFound())
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @POST
    @Path("{id}/versions")
    public Uni<Response> addVersion(@PathParam("gateway") String gateway, @PathParam("id") String id, String body) {
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(configuredById(gateway, id).isPresent() ? inConfig() : notFound());
        }
        JsonObject json;
        JsonArray elements;
        try {
            json = object(body);
            elements = elements(json);
        } catch (IllegalArgumentException | RouteInvalid e) {
            return done(V4Envelope.error(400, 7001, e.getMessage()));
        }
        return store.addVersion(gateway, uuid, elements, json.getValue("comment") instanceof String c ? c : null)
                .map(v -> v.map(version -> V4Envelope.ok(RouteShapes.version(version, false)))
                        .orElseGet(RoutesResource::notFound))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @GET
    @Path("{id}/versions")
    public Uni<Response> versions(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        return versions(gateway, id, null);
    }

    @GET
    @Path("{id}/versions/{version}")
    public Uni<Response> version(
            @PathParam("gateway") String gateway, @PathParam("id") String id, @PathParam("version") String version) {
        UUID v = uuid(version);
        return v == null ? done(notFound()) : versions(gateway, id, v);
    }

    private Uni<Response> versions(String gateway, String id, UUID only) {
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(notFound());
        }
        return store.get(gateway, uuid)
                .chain(route -> route.isEmpty()
                        ? Uni.createFrom().item(notFound())
                        : store.versions(gateway, uuid).map(all -> versionsAnswer(route.get(), all, only)))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    private static Response versionsAnswer(RouteStore.RouteRow route, List<RouteStore.VersionRow> all, UUID only) {
        JsonArray out = new JsonArray();
        for (RouteStore.VersionRow v : all) {
            JsonObject shaped = RouteShapes.version(v, v.id().equals(route.version()));
            if (only != null && v.id().equals(only)) {
                return V4Envelope.ok(shaped);
            }
            out.add(shaped);
        }
        return only != null ? notFound() : V4Envelope.ok(RouteShapes.page("versions", out));
    }

    @POST
    @Path("{id}/deployments")
    public Uni<Response> deploy(@PathParam("gateway") String gateway, @PathParam("id") String id, String body) {
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(configuredById(gateway, id).isPresent() ? inConfig() : notFound());
        }
        JsonObject json;
        try {
            json = object(body);
        } catch (IllegalArgumentException e) {
            return done(V4Envelope.error(400, 7001, e.getMessage()));
        }
        UUID version = json.getValue("version_id") instanceof String s ? uuid(s) : null;
        if (version == null) {
            return done(V4Envelope.error(400, 7001, "'version_id' is required: the id of one of the route's versions"));
        }
        return store.deploy(gateway, uuid, version, json.getValue("comment") instanceof String c ? c : null)
                .map(d -> d.map(deployment -> V4Envelope.ok(RouteShapes.deployment(deployment)))
                        .orElseGet(() -> V4Envelope.error(404, 7002, "No such route or version")))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @GET
    @Path("{id}/deployments")
    public Uni<Response> deployments(@PathParam("gateway") String gateway, @PathParam("id") String id) {
        UUID uuid = uuid(id);
        if (uuid == null) {
            return done(notFound());
        }
        return store.deployments(gateway, uuid)
                .map(all -> {
                    JsonArray out = new JsonArray();
                    all.forEach(d -> out.add(RouteShapes.deployment(d)));
                    return V4Envelope.ok(RouteShapes.page("deployments", out));
                })
                .onFailure()
                .recoverWithItem(this::failed);
    }

    /** The body's elements, checked (an {@link RouteInvalid} names the element). */
    private JsonArray elements(JsonObject json) {
        Object elements = json.getValue("elements");
        if (!(elements instanceof JsonArray a)) {
            throw new IllegalArgumentException("'elements' is required: an array of route elements");
        }
        registry.parse(a);
        return a;
    }

    private Optional<DeployedRoute> configuredById(String gateway, String id) {
        return registry.configured(gateway).values().stream()
                .filter(r -> r.id().equals(id))
                .findFirst();
    }

    private JsonObject configured(DeployedRoute r) {
        return new JsonObject()
                .put("id", r.id())
                .put("name", r.name())
                .put("source", "config")
                .put("elements", registry.configuredElements(r.gatewayId(), r.name()))
                .put("version", new JsonObject().put("version_id", r.version()).put("active", "true"));
    }

    private Response failed(Throwable e) {
        if (e instanceof RouteStore.Conflict) {
            return V4Envelope.error(409, 7005, e.getMessage());
        }
        LOG.warnf("Routes API: PostgreSQL unavailable (%s)", e.getMessage());
        return V4Envelope.error(
                503, 7010, "Route store unavailable: " + e.getClass().getSimpleName());
    }

    private static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonObject object(String body) {
        try {
            Object parsed = body == null || body.isBlank() ? null : Json.decodeValue(body);
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw new IllegalArgumentException("The body is not valid JSON");
        }
        throw new IllegalArgumentException("The body must be a JSON object");
    }

    private static Response notFound() {
        return V4Envelope.error(404, 7002, "Route not found");
    }

    private static Response inConfig() {
        return V4Envelope.error(409, 7005, "This route is declared in config; change it there");
    }

    private static Uni<Response> done(Response r) {
        return Uni.createFrom().item(r);
    }
}
