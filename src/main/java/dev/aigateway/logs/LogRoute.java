package dev.aigateway.logs;

/**
 * The dynamic route a logged attempt belongs to.
 *
 * @param name the route's name
 * @param version the deployed version's id ({@code config} for a configured route)
 * @param node the model element that made this attempt
 */
public record LogRoute(String name, String version, String node) {}
