package dev.aigateway.admin;

import dev.aigateway.logs.AnalyticsQuery;
import dev.aigateway.logs.LogAnalytics;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The analytics API of one gateway: {@code GET …/gateways/{gateway}/analytics?from=&to=&bucket=&group_by=} —
 * time-bucketed requests, errors by status class, tokens, cost, cache hits and latency percentiles
 * ({@link LogAnalytics}), in the v4 envelope. {@link AllAnalyticsResource} answers the same for all gateways.
 */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/analytics")
@AdminApi
@KnownGateway
public class AnalyticsResource {

    private static final Logger LOG = Logger.getLogger(AnalyticsResource.class);

    private final LogAnalytics analytics;

    public AnalyticsResource(LogAnalytics analytics) {
        this.analytics = analytics;
    }

    @GET
    public Uni<Response> figures(
            @PathParam("gateway") String gateway,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("bucket") String bucket,
            @QueryParam("group_by") String groupBy) {
        return answer(analytics, Optional.of(gateway), from, to, bucket, groupBy);
    }

    static Uni<Response> answer(
            LogAnalytics analytics, Optional<String> gateway, String from, String to, String bucket, String groupBy) {
        AnalyticsQuery query;
        try {
            query = AnalyticsQuery.parse(gateway, from, to, bucket, groupBy, Instant.now());
        } catch (AnalyticsQuery.Invalid e) {
            return Uni.createFrom().item(V4Envelope.error(400, 7001, e.getMessage()));
        }
        return analytics.figures(query).map(V4Envelope::ok).onFailure().recoverWithItem(e -> {
            LOG.warnf("Analytics query failed: %s", e.toString());
            return V4Envelope.error(503, 7010, "Log database unavailable");
        });
    }
}
