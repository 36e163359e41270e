package dev.aigateway.proxy;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.route.RouteRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import java.util.concurrent.CompletionStage;

/**
 * Cloudflare's provider-native URL scheme, {@code ANY /v1/{account_id}/{gateway_id}/{provider}/{provider_path}}, and
 * the custom-domain form {@code ANY /{provider}/{provider_path}} served by the host gateway. Runs on the event loop;
 * the request body is not read here but streamed upstream by the pipeline.
 *
 * <p>Built at start-up ({@link Startup}), with the whole request path it injects (pipeline, cache, limiter, the unified
 * API's target tables): the first request pays for none of that, and readiness means the path is ready.
 */
@Path("/")
@Singleton
@Startup
public class ProxyResource {

    private static final String FULL = "v1/{account}/{gateway}/{provider}{rest: (/.*)?}";
    private static final String SHORT = "{provider}{rest: (/.*)?}";

    private final ProxyPipeline pipeline;
    private final RouteParser routes;
    private final CompatModelList models;
    private final CompatChat compat;
    private final RouteRegistry defaults;

    public ProxyResource(
            ProxyPipeline pipeline,
            RouteParser routes,
            CompatModelList models,
            CompatChat compat,
            RouteRegistry defaults) {
        this.compat = compat;
        this.defaults = defaults;
        this.pipeline = pipeline;
        this.routes = routes;
        this.models = models;
    }

    private CompletionStage<Void> full(HttpServerRequest request) {
        return nativeRequest(routes.full(request.path()), request);
    }

    private CompletionStage<Void> hosted(HttpServerRequest request) {
        return nativeRequest(routes.hosted(request.path()), request);
    }

    /** A provider-native request: proxied, unless it is a chat request on a gateway whose default route serves it. */
    private CompletionStage<Void> nativeRequest(Route route, HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            WireFormat format = WireFormat.of(route.providerPath());
            String path = route.providerPath();
            int q = path.indexOf('?');
            path = q < 0 ? path : path.substring(0, q);
            if ((format == WireFormat.OPENAI_CHAT && path.endsWith("/chat/completions"))
                    || (format == WireFormat.ANTHROPIC_MESSAGES && path.endsWith("/messages"))) {
                var byRoute = defaults.defaultRoute(route.gatewayId());
                if (byRoute.isPresent()) {
                    return compat.serveRoute(
                            route, format, request, byRoute.get().name());
                }
            }
        }
        return pipeline.proxy(route, request);
    }

    /** Cloudflare's Universal endpoint: a JSON array of steps, tried in order (fallback chain). */
    @POST
    @Path("v1/{account}/{gateway}{slash: /?}")
    public CompletionStage<Void> universal(@Context HttpServerRequest request) {
        String[] head = new String[3];
        RouteParser.split(request.path(), head);
        return pipeline.universal(head[1], head[2], request);
    }

    /** The unified API's chat endpoint (OpenAI Chat Completions in and out, any provider). */
    @POST
    @Path("v1/{account}/{gateway}/compat/chat/completions")
    public CompletionStage<Void> compatChat(@Context HttpServerRequest request) {
        return compat.serve(routes.full(request.path()), WireFormat.OPENAI_CHAT, request);
    }

    /** The unified API's messages endpoint (Anthropic Messages in and out; the Anthropic SDKs add {@code /v1}). */
    @POST
    @Path("v1/{account}/{gateway}/compat{v: (/v1)?}/messages")
    public CompletionStage<Void> compatMessages(@Context HttpServerRequest request) {
        return compat.serve(routes.full(request.path()), WireFormat.ANTHROPIC_MESSAGES, request);
    }

    /** The unified API's messages endpoint on the host gateway. */
    @POST
    @Path("compat{v: (/v1)?}/messages")
    public CompletionStage<Void> hostedCompatMessages(@Context HttpServerRequest request) {
        return compat.serve(routes.hosted(request.path()), WireFormat.ANTHROPIC_MESSAGES, request);
    }

    /** The unified API's chat endpoint on the host gateway (custom-domain form). */
    @POST
    @Path("compat/chat/completions")
    public CompletionStage<Void> hostedCompatChat(@Context HttpServerRequest request) {
        return compat.serve(routes.hosted(request.path()), WireFormat.OPENAI_CHAT, request);
    }

    /**
     * The unified API's Responses and embeddings endpoints (OpenAI Responses / embeddings in and out, any provider they
     * reach).
     */
    @POST
    @Path("v1/{account}/{gateway}/compat/{op: responses|embeddings}")
    public CompletionStage<Void> compatOpenAi(@Context HttpServerRequest request) {
        return compat.serve(routes.full(request.path()), openAiIngress(request.path()), request);
    }

    /** The unified API's Responses and embeddings endpoints on the host gateway. */
    @POST
    @Path("compat/{op: responses|embeddings}")
    public CompletionStage<Void> hostedCompatOpenAi(@Context HttpServerRequest request) {
        return compat.serve(routes.hosted(request.path()), openAiIngress(request.path()), request);
    }

    private static WireFormat openAiIngress(String path) {
        return path.endsWith("/embeddings") ? WireFormat.EMBEDDINGS : WireFormat.OPENAI_RESPONSES;
    }

    /** The unified API's model list. */
    @GET
    @Path("v1/{account}/{gateway}/compat/models")
    public CompletionStage<Void> compatModels(@Context HttpServerRequest request) {
        return models.list(routes.full(request.path()), request);
    }

    /** The unified API's model list on the host gateway. */
    @GET
    @Path("compat/models")
    public CompletionStage<Void> hostedCompatModels(@Context HttpServerRequest request) {
        return models.list(routes.hosted(request.path()), request);
    }

    @GET
    @Path(FULL)
    public CompletionStage<Void> get(@Context HttpServerRequest request) {
        return full(request);
    }

    @POST
    @Path(FULL)
    public CompletionStage<Void> post(@Context HttpServerRequest request) {
        return full(request);
    }

    @PUT
    @Path(FULL)
    public CompletionStage<Void> put(@Context HttpServerRequest request) {
        return full(request);
    }

    @PATCH
    @Path(FULL)
    public CompletionStage<Void> patch(@Context HttpServerRequest request) {
        return full(request);
    }

    @DELETE
    @Path(FULL)
    public CompletionStage<Void> delete(@Context HttpServerRequest request) {
        return full(request);
    }

    @HEAD
    @Path(FULL)
    public CompletionStage<Void> head(@Context HttpServerRequest request) {
        return full(request);
    }

    @OPTIONS
    @Path(FULL)
    public CompletionStage<Void> options(@Context HttpServerRequest request) {
        return full(request);
    }

    @GET
    @Path(SHORT)
    public CompletionStage<Void> hostedGet(@Context HttpServerRequest request) {
        return hosted(request);
    }

    @POST
    @Path(SHORT)
    public CompletionStage<Void> hostedPost(@Context HttpServerRequest request) {
        return hosted(request);
    }

    @PUT
    @Path(SHORT)
    public CompletionStage<Void> hostedPut(@Context HttpServerRequest request) {
        return hosted(request);
    }

    @PATCH
    @Path(SHORT)
    public CompletionStage<Void> hostedPatch(@Context HttpServerRequest request) {
        return hosted(request);
    }

    @DELETE
    @Path(SHORT)
    public CompletionStage<Void> hostedDelete(@Context HttpServerRequest request) {
        return hosted(request);
    }

    @HEAD
    @Path(SHORT)
    public CompletionStage<Void> hostedHead(@Context HttpServerRequest request) {
        return hosted(request);
    }

    @OPTIONS
    @Path(SHORT)
    public CompletionStage<Void> hostedOptions(@Context HttpServerRequest request) {
        return hosted(request);
    }
}
