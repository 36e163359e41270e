package dev.aigateway.route;

/** A route's elements that cannot be run: the message names the element (and output) at fault. */
public final class RouteInvalid extends RuntimeException {

    public RouteInvalid(String message) {
        super(message, null, false, false);
    }

    static RouteInvalid at(String elementId, String problem) {
        return new RouteInvalid("element '" + elementId + "': " + problem);
    }
}
