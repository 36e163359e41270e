package dev.aigateway.admin;

import dev.aigateway.cache.ResponseCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;

/** Cache management: {@code DELETE .../gateways/{gateway}/cache} deletes every cached response of one gateway. */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/cache")
@AdminApi
@KnownGateway
public class CacheAdminResource {

    private final ResponseCache cache;

    public CacheAdminResource(ResponseCache cache) {
        this.cache = cache;
    }

    @DELETE
    public CompletionStage<Response> purge(@PathParam("gateway") String gateway) {
        return cache.purge(gateway)
                .map(deleted ->
                        V4Envelope.ok(new JsonObject().put("id", gateway).put("deleted", deleted)))
                .recover(e -> Future.succeededFuture(V4Envelope.error(
                        503, 7010, "Cache unavailable: " + e.getClass().getSimpleName())))
                .toCompletionStage();
    }
}
