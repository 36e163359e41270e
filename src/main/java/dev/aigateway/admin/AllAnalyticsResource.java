package dev.aigateway.admin;

import dev.aigateway.logs.LogAnalytics;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** The analytics API over all gateways: {@code GET /client/v4/accounts/{account}/ai-gateway/analytics}. */
@Path("/client/v4/accounts/{account}/ai-gateway/analytics")
@AdminApi
public class AllAnalyticsResource {

    private final LogAnalytics analytics;

    public AllAnalyticsResource(LogAnalytics analytics) {
        this.analytics = analytics;
    }

    @GET
    public Uni<Response> figures(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("bucket") String bucket,
            @QueryParam("group_by") String groupBy) {
        return AnalyticsResource.answer(analytics, Optional.empty(), from, to, bucket, groupBy);
    }
}
