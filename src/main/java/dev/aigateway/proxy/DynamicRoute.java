package dev.aigateway.proxy;

import dev.aigateway.compat.UnifiedChat;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.route.DeployedRoute;
import dev.aigateway.route.RouteDecisions;
import dev.aigateway.route.RouteElement;
import dev.aigateway.route.RouteInput;
import dev.aigateway.route.RouteRates;
import dev.aigateway.route.RouteRegistry;
import dev.aigateway.route.RouteStop;
import dev.aigateway.route.RouteWalk;
import dev.aigateway.routing.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;

/**
 * A unified-API request whose model is {@code dynamic/<route>}: the gateway's deployed route is walked to its first
 * model element, and the request runs as a chain of model elements ({@link RouteChain}) through the pipeline's
 * Universal loop, each element's call prepared as the compat endpoint would for {@code {provider}/{model}}
 * ({@link CompatTarget}) with the element's {@code timeout} (first byte, per attempt) and {@code retries}.
 */
@Singleton
class DynamicRoute {

    private final ProxyPipeline pipeline;
    private final CallPreparer preparer;
    private final CompatTarget target;
    private final RouteRegistry routes;
    private final RouteRates rates;
    private final RouteDecisions decisions;
    private final GatewayMetrics metrics;

    DynamicRoute(
            ProxyPipeline pipeline,
            CallPreparer preparer,
            CompatTarget target,
            RouteRegistry routes,
            RouteRates rates,
            RouteDecisions decisions,
            GatewayMetrics metrics) {
        this.pipeline = pipeline;
        this.preparer = preparer;
        this.target = target;
        this.routes = routes;
        this.rates = rates;
        this.decisions = decisions;
        this.metrics = metrics;
    }

    Future<Ending> serve(RequestContext ctx, GatewaySettings gateway, WireFormat ingress, Buffer body, String name) {
        DeployedRoute route = routes.find(gateway.id(), name).orElse(null);
        if (route == null) {
            return Future.succeededFuture(ErrorReply.send(
                    ctx,
                    new GatewayException(
                            GatewayError.ROUTE_NOT_FOUND, "No route '" + printable(name) + "' on this gateway")));
        }
        MultiMap headers = ctx.request().headers();
        RouteWalk walk = new RouteWalk(route, new RouteInput(ctx.metadata(), headers, body), rates, decisions);
        ctx.routeCosts(walk.costs());
        return walk.first().compose(stop -> {
            if (stop.model() == null) {
                return Future.succeededFuture(ErrorReply.send(ctx, ended(route, stop)));
            }
            PreparedCall first;
            try {
                first = prepare(ctx, gateway, ingress, body, route.name(), stop.model());
            } catch (CompatRefusal r) {
                return Future.succeededFuture(CompatChat.refuse(ctx, UnifiedChat.refusal(ingress, r)));
            } catch (GatewayException e) {
                return Future.succeededFuture(ErrorReply.send(ctx, e));
            }
            RouteChain chain = new RouteChain(
                    ctx,
                    walk,
                    stop.model(),
                    first,
                    node -> prepare(ctx, gateway, ingress, body, route.name(), node),
                    metrics,
                    pipeline.deadline(ctx));
            return pipeline.run(ctx, chain);
        });
    }

    /** A model element's call: the client's body naming the element's model, its timeout and retries as headers. */
    private PreparedCall prepare(
            RequestContext ctx,
            GatewaySettings gateway,
            WireFormat ingress,
            Buffer body,
            String routeName,
            RouteElement node) {
        RouteElement.Model m = node.model();
        MultiMap headers = HttpHeaders.headers().addAll(ctx.request().headers());
        if (m.timeoutMillis() > 0) {
            headers.set(RetryPolicy.REQUEST_TIMEOUT, Long.toString(m.timeoutMillis()));
        }
        if (m.retries() >= 0) {
            headers.set(RetryPolicy.MAX_ATTEMPTS, Integer.toString(m.retries() + 1));
        }
        // the element's key balancing, if it has one, for this call only (the pool is the route's element)
        ctx.balancing(
                m.balancing() == null
                        ? null
                        : new KeyPools.Override("route:" + routeName + "/" + node.id(), m.balancing()));
        try {
            return target.prepare(
                    preparer,
                    ctx,
                    gateway,
                    ingress,
                    UnifiedChat.withModel(body, m.provider() + "/" + m.model()),
                    headers,
                    ctx.request().query());
        } finally {
            ctx.balancing(null);
        }
    }

    private static GatewayException ended(DeployedRoute route, RouteStop stop) {
        return stop.limited()
                ? new GatewayException(
                        GatewayError.RATE_LIMITED,
                        "Route '" + route.name() + "': over the limit of element '" + stop.endedAt() + "'")
                : new GatewayException(
                        GatewayError.ROUTE_ENDED,
                        "Route '" + route.name() + "' ended at element '" + stop.endedAt() + "' without a model");
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^A-Za-z0-9_.@:-]", "?");
    }
}
