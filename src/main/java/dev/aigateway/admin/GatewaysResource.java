package dev.aigateway.admin;

import dev.aigateway.cache.ResponseCache;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.gateway.GatewaySpec;
import dev.aigateway.gateway.GatewayStore;
import dev.aigateway.provider.ProviderCatalogue;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Cloudflare's gateway management API (spec §11) under {@code /client/v4/accounts/{account}/ai-gateway/gateways}:
 * list / create, get / full update / delete, and the gateway's URL for a provider. Gateways declared in config are
 * listed and readable but cannot be changed here; gateways created here live in PostgreSQL ({@link GatewayStore}).
 * Every call has passed the admin token check ({@link AdminApi}).
 */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways")
@AdminApi
public class GatewaysResource {

    private static final Logger LOG = Logger.getLogger(GatewaysResource.class);
    private static final int DEFAULT_PER_PAGE = 20;
    private static final int MAX_PER_PAGE = 100;
    private static final Instant CONFIG_LOADED = Instant.now();

    private final GatewayRegistry registry;
    private final GatewayStore store;
    private final ProviderCatalogue catalogue;
    private final ResponseCache cache;
    private final Optional<String> publicUrl;

    public GatewaysResource(
            GatewayRegistry registry,
            GatewayStore store,
            ProviderCatalogue catalogue,
            ResponseCache cache,
            GatewayConfig config) {
        this.registry = registry;
        this.store = store;
        this.catalogue = catalogue;
        this.cache = cache;
        this.publicUrl = config.admin().publicUrl().map(u -> u.replaceAll("/+$", ""));
    }

    @GET
    public Response list(
            @QueryParam("page") String pageParam,
            @QueryParam("per_page") String perPageParam,
            @QueryParam("search") String search) {
        int page;
        int perPage;
        try {
            page = V4Envelope.positive(pageParam, 1, Integer.MAX_VALUE, "page");
            perPage = V4Envelope.positive(perPageParam, DEFAULT_PER_PAGE, MAX_PER_PAGE, "per_page");
        } catch (IllegalArgumentException e) {
            return V4Envelope.error(400, 7001, e.getMessage());
        }
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        List<JsonObject> all = new ArrayList<>();
        registry.configured().forEach((id, s) -> all.add(configured(s)));
        registry.stored().values().forEach(g -> all.add(api(g)));
        List<JsonObject> matching = all.stream()
                .filter(g -> needle.isEmpty()
                        || g.getString("id").toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        long from = Math.min((long) (page - 1) * perPage, matching.size());
        List<JsonObject> slice = matching.subList((int) from, (int) Math.min(from + perPage, matching.size()));
        return V4Envelope.ok(
                new JsonArray(new ArrayList<>(slice)),
                new JsonObject()
                        .put("page", page)
                        .put("per_page", perPage)
                        .put("count", slice.size())
                        .put("total_count", matching.size()));
    }

    @POST
    public Uni<Response> create(String body) {
        GatewaySpec spec;
        try {
            JsonObject json = object(body);
            Object id = json.getValue("id");
            spec = GatewaySpec.parse(id instanceof String s ? s : null, json, null);
        } catch (GatewaySpec.Invalid e) {
            return done(V4Envelope.error(400, 7001, e.getMessage()));
        }
        return store.create(spec).map(g -> V4Envelope.ok(api(g))).onFailure().recoverWithItem(this::failed);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        if (registry.isConfigured(id)) {
            return V4Envelope.ok(configured(registry.find(id).orElseThrow()));
        }
        GatewayRegistry.Stored g = registry.created(id);
        return g == null ? notFound() : V4Envelope.ok(api(g));
    }

    @PUT
    @Path("{id}")
    public Uni<Response> update(@PathParam("id") String id, String body) {
        if (registry.isConfigured(id)) {
            return done(declaredInConfig(id));
        }
        GatewayRegistry.Stored previous = registry.created(id);
        GatewaySpec spec;
        try {
            spec = GatewaySpec.parse(id, object(body), previous == null ? null : previous.spec());
        } catch (GatewaySpec.Invalid e) {
            return done(V4Envelope.error(400, 7001, e.getMessage()));
        }
        return store.update(spec)
                .call(updated -> updated.isPresent() && spec.cacheInvalidateOnUpdate()
                        ? purgeCache(id)
                        : Uni.createFrom().voidItem())
                .map(updated -> updated.map(g -> V4Envelope.ok(api(g))).orElseGet(GatewaysResource::notFound))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        if (registry.isConfigured(id)) {
            return done(declaredInConfig(id));
        }
        return store.delete(id)
                .call(deleted ->
                        deleted.isPresent() ? purgeCache(id) : Uni.createFrom().voidItem())
                .map(deleted -> deleted.map(g -> V4Envelope.ok(api(g))).orElseGet(GatewaysResource::notFound))
                .onFailure()
                .recoverWithItem(this::failed);
    }

    /** The provider-native base URL of a gateway, as a string result. */
    @GET
    @Path("{id}/url/{provider}")
    public Response url(
            @PathParam("account") String account,
            @PathParam("id") String id,
            @PathParam("provider") String provider,
            @Context HttpServerRequest request) {
        if (registry.find(id).isEmpty()) {
            return notFound();
        }
        if (catalogue.find(provider).isEmpty()) {
            return V4Envelope.error(400, 7001, "Unknown provider '" + provider + "'");
        }
        return V4Envelope.ok(base(request) + "/v1/" + account + "/" + id + "/" + provider);
    }

    private String base(HttpServerRequest request) {
        if (publicUrl.isPresent()) {
            return publicUrl.get();
        }
        URI uri = URI.create(request.absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** Purges a gateway's cached responses; a cache outage does not fail the change (entries expire by TTL). */
    private Uni<Void> purgeCache(String id) {
        return Uni.createFrom()
                .completionStage(() -> cache.purge(id).toCompletionStage())
                .ifNoItem()
                .after(Duration.ofSeconds(5))
                .fail()
                .onFailure()
                .invoke(e -> LOG.warnf("Cache of gateway %s not purged: %s", id, e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private static JsonObject configured(GatewaySettings s) {
        return GatewaySpec.of(s)
                .toJson()
                .put("created_at", CONFIG_LOADED.toString())
                .put("modified_at", CONFIG_LOADED.toString())
                .put("source", "config");
    }

    private static JsonObject api(GatewayRegistry.Stored g) {
        return g.spec()
                .toJson()
                .put("created_at", g.createdAt().toString())
                .put("modified_at", g.modifiedAt().toString())
                .put("source", "api");
    }

    private Response failed(Throwable e) {
        if (e instanceof GatewayStore.Conflict) {
            return V4Envelope.error(409, 7005, e.getMessage());
        }
        if (e instanceof GatewayStore.Full) {
            return V4Envelope.error(409, 7006, e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return V4Envelope.error(400, 7001, e.getMessage());
        }
        LOG.warnf("Management API: PostgreSQL unavailable (%s)", e.getMessage());
        return V4Envelope.error(
                503, 7010, "Gateway store unavailable: " + e.getClass().getSimpleName());
    }

    private static Response declaredInConfig(String id) {
        return V4Envelope.error(
                409, 7005, "Gateway '" + id + "' is declared in config; change it there (the API cannot override it)");
    }

    private static Response notFound() {
        return V4Envelope.error(404, 7002, "Gateway not found");
    }

    private static JsonObject object(String body) {
        try {
            Object parsed = body == null || body.isBlank() ? null : io.vertx.core.json.Json.decodeValue(body);
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw new GatewaySpec.Invalid("The body is not valid JSON");
        }
        throw new GatewaySpec.Invalid("The body must be a JSON object");
    }

    private static Uni<Response> done(Response r) {
        return Uni.createFrom().item(r);
    }
}
