package dev.aigateway.proxy;

import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.route.RouteElement;
import dev.aigateway.route.RouteWalk;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A dynamic route's run as a Universal chain (the same loop, deadline, step headers and outcomes): each step is a
 * model element's call, prepared as a {@code "provider":"compat"} step; a step that falls back walks the route from
 * its {@code fallback} output to the next model element ({@link RouteWalk}). Each step also says which model,
 * provider, route and version it is ({@code cf-aig-model}, {@code cf-aig-provider}, {@code cf-aig-route},
 * {@code cf-aig-route-version}) and puts them on its log row with the element's id.
 */
final class RouteChain extends UniversalChain {

    static final String MODEL_HEADER = "cf-aig-model";
    static final String PROVIDER_HEADER = "cf-aig-provider";
    static final String ROUTE_HEADER = "cf-aig-route";
    static final String VERSION_HEADER = "cf-aig-route-version";

    private final RouteWalk walk;
    private final Function<RouteElement, PreparedCall> prepare;
    private final List<RouteElement> nodes = new ArrayList<>();
    private final long deadlineNanos;

    /**
     * @param first the first model element, its call prepared
     * @param prepare a later model element's call (throws what {@link CompatTarget#prepare} throws)
     */
    RouteChain(
            RequestContext ctx,
            RouteWalk walk,
            RouteElement first,
            PreparedCall firstCall,
            Function<RouteElement, PreparedCall> prepare,
            GatewayMetrics metrics,
            long deadlineNanos) {
        super(ctx, new ArrayList<>(List.of(firstCall)), metrics, deadlineNanos);
        this.walk = walk;
        this.prepare = prepare;
        this.deadlineNanos = deadlineNanos;
        nodes.add(first);
    }

    @Override
    void started(int i, PreparedCall call) {
        RouteElement node = nodes.get(i);
        ctx.gatewayHeader(MODEL_HEADER, node.model().model());
        ctx.gatewayHeader(PROVIDER_HEADER, call.provider().slug());
        ctx.gatewayHeader(ROUTE_HEADER, walk.route().name());
        ctx.gatewayHeader(VERSION_HEADER, walk.route().version());
        if (ctx.log() != null) {
            ctx.log().route(walk.route().name(), walk.route().version(), node.id());
        }
    }

    @Override
    void served(int i) {
        walk.served(nodes.get(i));
    }

    @Override
    boolean countedByEndpoint() {
        return true;
    }

    /** A step follows when the failed element's fallback can reach another model element, in time. */
    @Override
    boolean hasNext(int i) {
        return walk.fallsBack(nodes.get(i)) && System.nanoTime() < deadlineNanos;
    }

    @Override
    Future<Boolean> advance(int i) {
        return walk.after(nodes.get(i)).map(stop -> {
            if (stop.model() == null) {
                return false;
            }
            PreparedCall call;
            try {
                call = prepare.apply(stop.model());
            } catch (RuntimeException e) { // a target this format cannot reach: the route ends with the last failure
                return false;
            }
            steps.add(call);
            nodes.add(stop.model());
            return true;
        });
    }
}
