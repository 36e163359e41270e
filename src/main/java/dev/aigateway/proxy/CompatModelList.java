package dev.aigateway.proxy;

import dev.aigateway.compat.ModelList;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.provider.ProviderCatalogue;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET …/compat/models} on a gateway: the gateway must exist and, when it requires authentication, the request
 * must present one of its tokens ({@code cf-aig-authorization}, or {@code Authorization: Bearer} as the OpenAI SDKs
 * send their key); then the unified API's model list ({@link ModelList}). No provider is called, nothing is logged.
 */
@Singleton
class CompatModelList {

    private final CallPreparer preparer;
    private final ModelList models;
    private final ProviderCatalogue catalogue;
    private Buffer rendered;

    CompatModelList(CallPreparer preparer, ModelList models, ProviderCatalogue catalogue) {
        this.preparer = preparer;
        this.models = models;
        this.catalogue = catalogue;
    }

    CompletionStage<Void> list(Route route, HttpServerRequest request) {
        RequestContext ctx = new RequestContext(route, request);
        HttpServerResponse response = request.response();
        try {
            GatewaySettings gateway = preparer.gateway(ctx, route);
            if (gateway.authentication() && !presentsToken(gateway, request)) {
                throw new GatewayException(GatewayError.UNAUTHORIZED, "Unauthorized");
            }
        } catch (GatewayException e) {
            return send(
                    response,
                    e.error().httpStatus(),
                    dev.aigateway.error.ErrorEnvelope.render(e.error(), e.getMessage()));
        }
        if (rendered == null) {
            rendered = models.render(slug -> catalogue.find(slug).isPresent()); // prices are fixed at start-up
        }
        return send(response, 200, rendered);
    }

    private static boolean presentsToken(GatewaySettings gateway, HttpServerRequest request) {
        for (String header : new String[] {CredentialResolver.GATEWAY_AUTHORIZATION, "authorization"}) {
            String value = request.getHeader(header);
            if (value != null && gateway.acceptsToken(CredentialResolver.withoutScheme(value))) {
                return true;
            }
        }
        return false;
    }

    private static CompletionStage<Void> send(HttpServerResponse response, int status, Buffer body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body)
                .onComplete(ar -> done.complete(null));
        return done;
    }
}
