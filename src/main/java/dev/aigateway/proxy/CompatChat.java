package dev.aigateway.proxy;

import dev.aigateway.compat.CompatCall;
import dev.aigateway.compat.UnifiedChat;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.CompatRefusal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The unified API's chat endpoint, before the common steps: reads the body (the model names the target), lets
 * {@link UnifiedChat} work out the target's call, moves the client's key into the target's credential slot, prepares
 * the call as any other ({@link CallPreparer#prepare} with the body held) and sets the answer's translation on the
 * request. The pipeline then runs admission, the provider call and the relay as for a native request.
 */
@Singleton
class CompatChat {

    private final CallPreparer preparer;
    private final UnifiedChat unified;
    private final ProviderCatalogue catalogue;
    private final GatewayMetrics metrics;
    private final long maxRequestBytes;
    private final long readTimeoutMillis;
    private final long maxTranslatedBytes;

    CompatChat(
            GatewayConfig config,
            CallPreparer preparer,
            UnifiedChat unified,
            ProviderCatalogue catalogue,
            GatewayMetrics metrics) {
        this.preparer = preparer;
        this.unified = unified;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.maxRequestBytes = config.maxRequestBytes().asLongValue();
        this.readTimeoutMillis = Math.max(1, config.requestReadTimeout().toMillis());
        this.maxTranslatedBytes =
                Math.max(16L << 20, config.logs().maxPayloadBytes().asLongValue());
    }

    /**
     * @param forward steps 3–5 for a prepared call (the pipeline's)
     */
    Future<Ending> run(
            RequestContext ctx,
            GatewaySettings gateway,
            WireFormat ingress,
            BiFunction<RequestContext, PreparedCall, Future<Ending>> forward) {
        String contentLength = ctx.request().getHeader("content-length");
        long declared = contentLength == null ? -1 : CallPreparer.length(contentLength);
        if (declared > maxRequestBytes) {
            throw ErrorReply.tooLarge();
        }
        return BodyReader.read(ctx, declared, maxRequestBytes, readTimeoutMillis, metrics)
                .compose(read -> read.match(
                        body -> call(ctx, gateway, ingress, body, forward),
                        refused -> Future.succeededFuture(ErrorReply.send(ctx, refused.error(), refused.close())),
                        () -> Future.succeededFuture(Ending.clientLeft(false))));
    }

    private Future<Ending> call(
            RequestContext ctx,
            GatewaySettings gateway,
            WireFormat ingress,
            Buffer body,
            BiFunction<RequestContext, PreparedCall, Future<Ending>> forward) {
        CompatCall compat;
        PreparedCall call;
        try {
            compat = unified.prepare(ingress, body, slug -> catalogue.find(slug).isPresent());
            Provider provider = catalogue.find(compat.slug()).orElseThrow();
            MultiMap incoming = targetHeaders(ctx.request().headers(), provider, compat);
            String path = compat.path();
            String query = ctx.request().query();
            int q = path.indexOf('?');
            if (q >= 0) { // the target's method needs a query of its own (a stream's alt=sse)
                query = path.substring(q + 1);
                path = path.substring(0, q);
            }
            Route route = new Route(ctx.route().accountId(), ctx.route().gatewayId(), compat.slug(), path);
            ctx.ingress(CompatCall.ingressName(ingress));
            call = preparer.prepare(ctx, gateway, route, incoming, query, null, compat.body());
        } catch (CompatRefusal r) {
            return Future.succeededFuture(refuse(ctx, UnifiedChat.refusal(ingress, r)));
        } catch (GatewayException e) {
            return Future.succeededFuture(ErrorReply.send(ctx, e));
        }
        if (ctx.log() != null) {
            ctx.log().ingress(CompatCall.ingressName(ingress));
        }
        ctx.translation(compat.responseTranslation(maxTranslatedBytes));
        return forward.apply(ctx, call);
    }

    /**
     * The client's headers as the target takes them: the key from the ingress formats' slots ({@code Authorization:
     * Bearer}, {@code x-api-key}) moved into the target's credential header with its scheme, the headers the target
     * requires added, the ingress format's own headers the target ignores dropped, body framing dropped (the gateway
     * sends its own body).
     */
    static MultiMap targetHeaders(MultiMap client, Provider provider, CompatCall compat) {
        String[] required = compat.requiredHeaders();
        MultiMap out = HttpHeaders.headers();
        for (Map.Entry<String, String> h : client) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("expect")) {
                out.add(name, h.getValue());
            }
        }
        String slot = provider.credential().header().toLowerCase(Locale.ROOT);
        String key = null;
        for (String source : new String[] {"authorization", "x-api-key"}) {
            String value = out.get(source);
            if (value != null && !source.equals(slot)) {
                out.remove(source);
                key = key == null ? value : key;
            }
        }
        if (key != null && !out.contains(slot)) {
            out.set(slot, provider.credential().value(CredentialResolver.withoutScheme(key)));
        }
        for (String h : compat.clientOnlyHeaders()) {
            out.remove(h);
        }
        for (int i = 0; i + 1 < required.length; i += 2) {
            if (!out.contains(required[i])) {
                out.set(required[i], required[i + 1]);
            }
        }
        out.set("content-type", "application/json");
        return out;
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
