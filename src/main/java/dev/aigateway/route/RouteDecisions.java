package dev.aigateway.route;

import dev.aigateway.metrics.GatewayMetrics;
import jakarta.inject.Singleton;

/** Counts each element's decisions ({@code gateway_route_decisions_total}, route/element/outcome). */
@Singleton
public class RouteDecisions {

    private final GatewayMetrics metrics;

    public RouteDecisions(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public void decided(DeployedRoute route, String element, String outcome) {
        metrics.routeDecision(route.gatewayId(), route.name(), element, outcome);
    }
}
