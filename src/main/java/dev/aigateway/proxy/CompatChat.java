package dev.aigateway.proxy;

import dev.aigateway.compat.UnifiedChat;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.CompatRefusal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The unified API's generation endpoints ({@code POST …/compat/chat/completions}, {@code …/compat/messages}), before
 * the common steps: reads the body (the model names the target), lets {@link CompatTarget} work out the target's call
 * (as a Universal {@code "provider":"compat"} step does) and sets the answer's translation on the request. The pipeline
 * then runs admission, the provider call and the relay as for a native request.
 */
@Singleton
class CompatChat {

    private final ProxyPipeline pipeline;
    private final CallPreparer preparer;
    private final CompatTarget target;
    private final DynamicRoute dynamic;
    private final GatewayMetrics metrics;
    private final long maxRequestBytes;
    private final long readTimeoutMillis;

    CompatChat(
            GatewayConfig config,
            ProxyPipeline pipeline,
            CallPreparer preparer,
            CompatTarget target,
            DynamicRoute dynamic,
            GatewayMetrics metrics) {
        this.pipeline = pipeline;
        this.preparer = preparer;
        this.target = target;
        this.dynamic = dynamic;
        this.metrics = metrics;
        this.maxRequestBytes = config.maxRequestBytes().asLongValue();
        this.readTimeoutMillis = Math.max(1, config.requestReadTimeout().toMillis());
    }

    /** Works out a request's call after step 1 and runs steps 3–5 for it ({@code forward}: the pipeline's). */
    @FunctionalInterface
    interface Start {
        Future<Ending> run(
                RequestContext ctx,
                GatewaySettings gateway,
                BiFunction<RequestContext, PreparedCall, Future<Ending>> forward);
    }

    /**
     * One request to a generation endpoint: steps 1–6 as for any call ({@link ProxyPipeline#start}); the answer is
     * translated toward the client when the target speaks another format ({@code ingress} is the client's).
     */
    CompletionStage<Void> serve(Route route, WireFormat ingress, HttpServerRequest request) {
        return pipeline.start(route, request, (ctx, gateway, forward) -> run(ctx, gateway, ingress, forward)
                .andThen(ar -> {
                    if (ctx.ingress() != null) {
                        metrics.compatRequest(ctx.ingress(), ctx.provider());
                    }
                }));
    }

    /**
     * A provider-native chat request on a gateway with a default route: served by the route, as {@code dynamic/<route>}
     * on the compat endpoint of the request's format would be ({@code ingress}: the native path's format).
     */
    CompletionStage<Void> serveRoute(Route route, WireFormat ingress, HttpServerRequest request, String name) {
        return pipeline.start(route, request, (ctx, gateway, forward) -> BodyReader.whole(
                        ctx,
                        maxRequestBytes,
                        readTimeoutMillis,
                        metrics,
                        body -> dynamic.serve(ctx, gateway, ingress, body, name))
                .andThen(ar -> {
                    if (ctx.ingress() != null) {
                        metrics.compatRequest(ctx.ingress(), ctx.provider());
                    }
                }));
    }

    /**
     * @param forward steps 3–5 for a prepared call (the pipeline's)
     */
    private Future<Ending> run(
            RequestContext ctx,
            GatewaySettings gateway,
            WireFormat ingress,
            BiFunction<RequestContext, PreparedCall, Future<Ending>> forward) {
        return BodyReader.whole(
                ctx, maxRequestBytes, readTimeoutMillis, metrics, body -> call(ctx, gateway, ingress, body, forward));
    }

    private Future<Ending> call(
            RequestContext ctx,
            GatewaySettings gateway,
            WireFormat ingress,
            Buffer body,
            BiFunction<RequestContext, PreparedCall, Future<Ending>> forward) {
        String route = UnifiedChat.dynamicRoute(body);
        if (route != null) { // model "dynamic/<route>": the gateway's route picks the targets
            return dynamic.serve(ctx, gateway, ingress, body, route);
        }
        PreparedCall call;
        try {
            call = target.prepare(
                    preparer,
                    ctx,
                    gateway,
                    ingress,
                    body,
                    ctx.request().headers(),
                    ctx.request().query());
        } catch (CompatRefusal r) {
            return Future.succeededFuture(refuse(ctx, UnifiedChat.refusal(ingress, r)));
        } catch (GatewayException e) {
            return Future.succeededFuture(ErrorReply.send(ctx, e));
        }
        if (ctx.log() != null) {
            ctx.log().ingress(call.compat().ingress());
        }
        ctx.translation(call.compat().newTranslation());
        return forward.apply(ctx, call);
    }

    /** A parameter the target cannot honour: 400 in the client's own error shape. */
    static Ending refuse(RequestContext ctx, byte[] body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return new Ending(400, false, false, "compat_unsupported", false, false);
        }
        response.setStatusCode(400);
        response.headers().clear();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        response.end(Buffer.buffer(body));
        return new Ending(400, false, false, "compat_unsupported", false, false);
    }
}
