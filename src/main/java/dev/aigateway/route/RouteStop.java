package dev.aigateway.route;

/**
 * Where a walk of a route stopped: at a model element to call, or at the end of the route.
 *
 * @param model the model element to call next; null when the route ended
 * @param endedAt the element where the route ended (an {@code end} element or an unconnected output's element)
 * @param limited the route ended because a rate element had no {@code fallback} for a request over its limit
 */
public record RouteStop(RouteElement model, String endedAt, boolean limited) {

    static RouteStop at(RouteElement model) {
        return new RouteStop(model, null, false);
    }

    static RouteStop ended(String at, boolean limited) {
        return new RouteStop(null, at, limited);
    }
}
