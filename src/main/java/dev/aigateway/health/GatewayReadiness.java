package dev.aigateway.health;

import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewayStore;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.routing.ProviderGuards;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means able to proxy. Redis (cache, limits) and PostgreSQL (logs) are reported as details: when they are down
 * the gateway degrades (no cache, no stored logs) but keeps serving, so they never take the pod out of rotation.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements AsyncHealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final Redis redis;
    private final PgPool database;
    private final GatewayRegistry gateways;
    private final ProviderCatalogue providers;
    private final ProviderGuards guards;
    private final GatewayStore store;

    public GatewayReadiness(
            Redis redis,
            PgPool database,
            GatewayRegistry gateways,
            ProviderCatalogue providers,
            ProviderGuards guards,
            GatewayStore store) {
        this.guards = guards;
        this.store = store;
        this.redis = redis;
        this.database = database;
        this.gateways = gateways;
        this.providers = providers;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<String> redisState = redis.send(Request.cmd(Command.PING))
                .ifNoItem()
                .after(PROBE_TIMEOUT)
                .fail()
                .map(r -> "up")
                .onFailure()
                .recoverWithItem("down");
        Uni<String> dbState = database.query("SELECT 1")
                .execute()
                .ifNoItem()
                .after(PROBE_TIMEOUT)
                .fail()
                .map(r -> "up")
                .onFailure()
                .recoverWithItem("down");
        return Uni.combine().all().unis(redisState, dbState).asTuple().map(states -> {
            boolean degraded = !"up".equals(states.getItem1()) || !"up".equals(states.getItem2());
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("gateway")
                    .up()
                    .withData("gateways", gateways.all().size())
                    .withData("providers", providers.all().size())
                    .withData("redis", states.getItem1())
                    .withData("log-database", states.getItem2())
                    .withData("api-gateways", store.state())
                    .withData("mode", degraded ? "degraded" : "full");
            // Providers whose circuit breaker is open or half-open (they are skipped or probed, not down for us).
            guards.openBreakers().forEach((slug, state) -> builder.withData("circuit-breaker." + slug, state));
            return builder.build();
        });
    }
}
