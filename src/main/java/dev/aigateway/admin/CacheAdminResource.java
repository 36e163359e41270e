package dev.aigateway.admin;

import dev.aigateway.cache.ResponseCache;
import dev.aigateway.gateway.GatewayRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;

/** Cache management: {@code DELETE .../gateways/{gateway}/cache} deletes every cached response of one gateway. */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/cache")
public class CacheAdminResource {

    private final ResponseCache cache;
    private final GatewayRegistry gateways;
    private final AdminAuth auth;

    public CacheAdminResource(ResponseCache cache, GatewayRegistry gateways, AdminAuth auth) {
        this.cache = cache;
        this.gateways = gateways;
        this.auth = auth;
    }

    @DELETE
    public CompletionStage<Response> purge(
            @PathParam("account") String account,
            @PathParam("gateway") String gateway,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Response refusal = auth.refusal(account, authorization);
        if (refusal != null) {
            return done(refusal);
        }
        if (gateways.find(gateway).isEmpty()) {
            return done(V4Envelope.error(404, 7002, "Gateway not found"));
        }
        return cache.purge(gateway)
                .map(deleted ->
                        V4Envelope.ok(new JsonObject().put("id", gateway).put("deleted", deleted)))
                .recover(e -> Future.succeededFuture(V4Envelope.error(
                        503, 7010, "Cache unavailable: " + e.getClass().getSimpleName())))
                .toCompletionStage();
    }

    private static CompletionStage<Response> done(Response r) {
        return java.util.concurrent.CompletableFuture.completedFuture(r);
    }
}
