package dev.aigateway.route;

/**
 * A route as requests use it: the version in service (the latest deployment; a configured route's is {@code config}).
 *
 * @param id the route's id (API routes: a UUID; configured ones: {@code config:<name>})
 * @param version the deployed version's id
 */
public record DeployedRoute(String gatewayId, String name, String id, String version, RouteGraph graph) {}
