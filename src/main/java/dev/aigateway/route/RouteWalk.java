package dev.aigateway.route;

import dev.aigateway.ratelimit.RateLimiter.Reservation;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's walk through a route: from the start (or from a model element that failed, through its
 * {@code fallback} output) over conditional, percentage and rate elements to the next model element to call, or to
 * the route's end. Percentages are deterministic: sticky by a key's value (a hash of route, element and value), else
 * a low-discrepancy sequence per element (the golden-ratio sequence: any run of requests is split within a request
 * or two of the percentages, and the same sequence of requests is split the same way).
 */
public final class RouteWalk {

    private static final double GOLDEN = 0.6180339887498949;
    private static final int MAX_HOPS = RouteGraph.MAX_ELEMENTS + 1;

    private final DeployedRoute route;
    private final RouteInput input;
    private final RouteRates rates;
    private final RouteDecisions decisions;
    /** The cost elements' reservations the walk passed, settled by the step that answers (event-loop confined). */
    private final List<Reservation> costs = new ArrayList<>();

    public RouteWalk(DeployedRoute route, RouteInput input, RouteRates rates, RouteDecisions decisions) {
        this.route = route;
        this.input = input;
        this.rates = rates;
        this.decisions = decisions;
    }

    public DeployedRoute route() {
        return route;
    }

    /** The reservations of the cost elements passed so far (a live list: it grows as the walk goes on). */
    public List<Reservation> costs() {
        return costs;
    }

    /** The first model element to call. */
    public Future<RouteStop> first() {
        RouteElement start = route.graph().start();
        decisions.decided(route, start.id(), "next");
        return from(start.next("next"), start.id(), 0);
    }

    /** After model element {@code failed} fell back: the next model element, or the end. */
    public Future<RouteStop> after(RouteElement failed) {
        decisions.decided(route, failed.id(), "fallback");
        return from(failed.next("fallback"), failed.id(), 0);
    }

    /** Model element {@code served} answered (its response started). */
    public void served(RouteElement served) {
        decisions.decided(route, served.id(), "success");
    }

    /** Whether model element {@code e} failing may still lead to another model element. */
    public boolean fallsBack(RouteElement e) {
        return route.graph().fallsBack(e.id());
    }

    private Future<RouteStop> from(String id, String previous, int hops) {
        RouteElement e = route.graph().element(id);
        if (e == null || hops > MAX_HOPS) {
            return Future.succeededFuture(RouteStop.ended(previous, false));
        }
        switch (e.kind()) {
            case MODEL:
                return Future.succeededFuture(RouteStop.at(e));
            case END:
            case START:
                decisions.decided(route, e.id(), "end");
                return Future.succeededFuture(RouteStop.ended(e.id(), false));
            case CONDITIONAL:
                String branch = e.condition().matches(input) ? "true" : "false";
                decisions.decided(route, e.id(), branch);
                return from(e.next(branch), e.id(), hops + 1);
            case PERCENTAGE:
                String output = pick(e);
                decisions.decided(route, e.id(), output);
                return from(e.next(output), e.id(), hops + 1);
            case RATE:
                String key = e.key() == null ? null : input.text(e.key());
                return rates.allow(route, e, key, costs).compose(allowed -> {
                    String out = allowed ? "success" : "fallback";
                    decisions.decided(route, e.id(), out);
                    if (!allowed && e.next("fallback") == null) {
                        return Future.succeededFuture(RouteStop.ended(e.id(), true));
                    }
                    return from(e.next(out), e.id(), hops + 1);
                });
            default:
                return Future.succeededFuture(RouteStop.ended(e.id(), false));
        }
    }

    /** A percentage element's output for this request. */
    private String pick(RouteElement e) {
        String sticky = e.key() == null ? null : input.text(e.key());
        double at = sticky != null ? fraction(route.name() + '\0' + e.id() + '\0' + sticky) : sequence(e);
        RouteElement.Split split = e.split();
        for (int i = 0; i < split.names().length; i++) {
            if (at < split.bounds()[i]) {
                return split.names()[i];
            }
        }
        return "else";
    }

    private static double sequence(RouteElement e) {
        double v = e.counter().incrementAndGet() * GOLDEN;
        return v - Math.floor(v);
    }

    /** A value's place in [0, 1): the first 53 bits of its SHA-256. */
    static double fraction(String value) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return (bits >>> 11) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
