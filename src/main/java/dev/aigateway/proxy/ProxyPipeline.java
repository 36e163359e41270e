package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.cache.ResponseCache;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.provider.ProviderClient;
import dev.aigateway.provider.ProviderClients;
import dev.aigateway.provider.UpstreamPaths.PathRequest;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.bedrock.BedrockPaths;
import dev.aigateway.provider.fal.FalPaths;
import dev.aigateway.ratelimit.RateLimiter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The life of a proxied request: resolve the gateway and provider → authenticate and pick credentials → map the URL
 * → rate limits and cache ({@link Admission}, only for gateways that use them) → forward with streaming both ways
 * ({@link Exchange}) → headers, metrics.
 */
@Singleton
public class ProxyPipeline {

    private static final Logger LOG = Logger.getLogger(ProxyPipeline.class);

    private final GatewayConfig config;
    private final GatewayRegistry gateways;
    private final ProviderCatalogue catalogue;
    private final ProviderClients clients;
    private final CredentialResolver credentials;
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    private final ResponseCache cache;
    private final RateLimiter limiter;
    private final long maxRequestBytes;

    public ProxyPipeline(
            GatewayConfig config,
            GatewayRegistry gateways,
            ProviderCatalogue catalogue,
            ProviderClients clients,
            CredentialResolver credentials,
            GatewayMetrics metrics,
            Vertx vertx,
            ResponseCache cache,
            RateLimiter limiter) {
        this.config = config;
        this.gateways = gateways;
        this.catalogue = catalogue;
        this.clients = clients;
        this.credentials = credentials;
        this.metrics = metrics;
        this.vertx = vertx;
        this.cache = cache;
        this.limiter = limiter;
        this.maxRequestBytes = config.maxRequestBytes().asLongValue();
    }

    /** A request on the provider-native URL scheme, already split into its parts. */
    public record Route(String accountId, String gatewayId, String providerSlug, String providerPath) {}

    /** Proxies one request; the returned stage completes when the response is finished or the client is gone. */
    public CompletionStage<Void> proxy(Route route, HttpServerRequest request) {
        // A plain CompletableFuture: no Mutiny/context-propagation wrapping on the per-request path.
        CompletableFuture<Void> done = new CompletableFuture<>();
        RequestContext ctx = new RequestContext(route, request);
        Runnable onDone = () -> done.complete(null);
        metrics.requestStarted();
        GatewayException refusal;
        try {
            Prepared prepared = prepare(ctx);
            if (Admission.needed(prepared)) {
                new Admission(prepared, ctx, cache, limiter, metrics, maxRequestBytes, onDone).start();
            } else {
                prepared.exchange().start(onDone);
            }
            return done;
        } catch (GatewayException e) {
            refusal = e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Unexpected error preparing a request to provider %s", ctx.provider());
            refusal = new GatewayException(GatewayError.INTERNAL, "Internal gateway error");
        }
        // Quarkus REST finishes setting up the request after the resource method returns: answer on the next tick.
        GatewayException answer = refusal;
        vertx.getOrCreateContext().runOnContext(v -> Exchange.replyError(ctx, answer, metrics, onDone));
        return done;
    }

    /**
     * A request that passed the synchronous checks, ready to be admitted and forwarded.
     *
     * @param declaredLength the request's Content-Length, -1 when it has none
     */
    record Prepared(
            Exchange exchange,
            GatewaySettings gateway,
            Provider provider,
            MultiMap upstreamHeaders,
            UpstreamUrl url,
            CacheDirective cache,
            long declaredLength) {}

    private Prepared prepare(RequestContext ctx) {
        Route route = ctx.route();
        HttpServerRequest request = ctx.request();
        GatewaySettings gateway = resolveGateway(route);
        ctx.gateway(gateway.id());
        Provider provider = catalogue
                .find(route.providerSlug())
                .orElseThrow(() -> new GatewayException(GatewayError.INVALID_PROVIDER, "Invalid provider"));
        ctx.provider(provider.slug());

        MultiMap incoming = request.headers();
        MultiMap upstreamHeaders = HeaderRules.upstreamRequestHeaders(incoming);
        String rawQuery = request.query();
        credentials.resolve(gateway, provider, incoming, upstreamHeaders, rawQuery);
        String contentLength = request.getHeader("content-length");
        long declaredLength = contentLength == null ? -1 : parseLength(contentLength);
        if (declaredLength > maxRequestBytes) {
            throw tooLarge();
        }
        if ("aws-bedrock".equals(provider.slug())) {
            BedrockPaths.adaptMantleCredential(route.providerPath(), upstreamHeaders);
        }
        UpstreamUrl url = provider.paths()
                .resolve(
                        new PathRequest(route.accountId(), route.providerPath(), rawQuery, incoming),
                        provider.baseUrl());
        if ("fal".equals(provider.slug())) {
            upstreamHeaders.remove(FalPaths.TARGET_URL_HEADER);
        }
        ProviderClient client = clients.of(provider);
        return new Prepared(
                new Exchange(ctx, client, url, upstreamHeaders, maxRequestBytes, metrics),
                gateway,
                provider,
                upstreamHeaders,
                url,
                CacheDirective.of(gateway, request.method(), incoming),
                declaredLength);
    }

    private GatewaySettings resolveGateway(Route route) {
        Optional<String> account = config.accountId();
        if (account.isPresent() && route.accountId() != null && !account.get().equals(route.accountId())) {
            throw new GatewayException(GatewayError.GATEWAY_NOT_FOUND, "Unknown account");
        }
        String id = route.gatewayId();
        if (id.isEmpty() || id.length() > GatewayRegistry.MAX_ID_LENGTH) {
            throw gatewayNotFound(id);
        }
        return gateways.find(id).orElseThrow(() -> gatewayNotFound(id));
    }

    private static GatewayException gatewayNotFound(String id) {
        String shown =
                id.length() > GatewayRegistry.MAX_ID_LENGTH ? id.substring(0, GatewayRegistry.MAX_ID_LENGTH) : id;
        return new GatewayException(
                GatewayError.GATEWAY_NOT_FOUND,
                "Gateway '" + shown.replaceAll("[^A-Za-z0-9_.-]", "?") + "' is not configured");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new GatewayException(GatewayError.BAD_REQUEST, "Invalid Content-Length");
        }
    }

    static GatewayException tooLarge() {
        return new GatewayException(GatewayError.REQUEST_TOO_LARGE, "Request body is larger than the gateway allows");
    }
}
