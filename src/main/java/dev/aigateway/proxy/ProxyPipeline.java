package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.cache.ResponseCache;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.logs.LogDraft;
import dev.aigateway.logs.LogWriter;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.ModelInPath;
import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.provider.ProviderClient;
import dev.aigateway.provider.ProviderClients;
import dev.aigateway.provider.UpstreamPaths.PathRequest;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.routing.ProviderGuards;
import dev.aigateway.routing.RetryPolicy;
import dev.aigateway.routing.UniversalSteps;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
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
    private final ProviderGuards guards;
    private final long deadlineNanos;
    private final LogWriter logs;
    private final long maxPayloadBytes;

    /** Request bodies read whole so that {@code include_usage} can be added (chat requests are far smaller). */
    static final long INJECT_USAGE_MAX_BODY = 1 << 20;

    static final String COLLECT_LOG = "cf-aig-collect-log";
    static final String COLLECT_LOG_PAYLOAD = "cf-aig-collect-log-payload";

    public ProxyPipeline(
            GatewayConfig config,
            GatewayRegistry gateways,
            ProviderCatalogue catalogue,
            ProviderClients clients,
            CredentialResolver credentials,
            GatewayMetrics metrics,
            Vertx vertx,
            ResponseCache cache,
            RateLimiter limiter,
            ProviderGuards guards,
            LogWriter logs) {
        this.guards = guards;
        this.logs = logs;
        this.maxPayloadBytes = config.logs().maxPayloadBytes().asLongValue();
        this.deadlineNanos = config.routing().deadline().toNanos();
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
        BodyReader.stallTimeout(config.requestReadTimeout());
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
            GatewaySettings gateway = resolveGateway(route);
            ctx.gateway(gateway.id());
            startLog(ctx, gateway, request.headers());
            String contentLength = request.getHeader("content-length");
            forward(ctx, prepare(ctx, gateway, route, request.headers(), request.query(), contentLength, null), onDone);
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

    /** Rate limits and cache (when the gateway uses them, or retries need the body), then the upstream call. */
    private void forward(RequestContext ctx, Prepared prepared, Runnable onDone) {
        LogDraft log = ctx.log();
        if (log != null) {
            logTarget(log, prepared.provider(), prepared.path(), prepared.incoming());
            for (String h : prepared.provider().credentialHeaders()) {
                prepared.upstreamHeaders().getAll(h).forEach(v -> log.secret(CredentialResolver.withoutScheme(v)));
                // what the client sent there too: a gateway token in the provider slot is taken out of the upstream
                // headers, yet a client may also have copied it into the body
                prepared.incoming().getAll(h).forEach(v -> log.secret(CredentialResolver.withoutScheme(v)));
            }
            String token = prepared.incoming().get(CredentialResolver.GATEWAY_AUTHORIZATION);
            if (token != null) {
                log.secret(CredentialResolver.withoutScheme(token));
            }
        }
        if (Admission.needed(prepared)) {
            new Admission(prepared, ctx, cache, limiter, metrics, maxRequestBytes, onDone).start();
        } else {
            prepared.exchange().start(onDone);
        }
    }

    /** Which provider, path and model the log row is about (the model from the path, where the provider puts it). */
    private static void logTarget(LogDraft log, Provider provider, String path, MultiMap incoming) {
        log.target(
                provider.slug(), path, incoming.get(HttpHeaders.CONTENT_TYPE), ModelInPath.of(provider.slug(), path));
    }

    /**
     * Starts the request's log row unless logs are off for it: gateway {@code collect-logs}, overridden by
     * {@code cf-aig-collect-log}; {@code cf-aig-collect-log-payload: false} keeps the bodies out.
     */
    private void startLog(RequestContext ctx, GatewaySettings gateway, MultiMap incoming) {
        EdgeHeaders.Checked edge = EdgeHeaders.check(incoming); // logged or not: the same request, the same answer
        String collect = incoming.get(COLLECT_LOG);
        boolean on = collect == null ? gateway.collectLogs() : !"false".equalsIgnoreCase(collect.strip());
        if (!on) {
            return;
        }
        String payloadHeader = incoming.get(COLLECT_LOG_PAYLOAD);
        boolean payload = payloadHeader == null || !"false".equalsIgnoreCase(payloadHeader.strip());
        ctx.logTo(
                logs,
                new LogDraft(
                        java.util.UUID.fromString(ctx.requestId()),
                        java.time.Instant.now(),
                        ctx.startNanos(),
                        ctx.eventId(),
                        gateway.id(),
                        payload,
                        maxPayloadBytes,
                        incoming.get(HttpHeaders.USER_AGENT),
                        edge.metadata().isEmpty() ? null : new io.vertx.core.json.JsonObject(edge.metadata()).encode(),
                        edge.customCost()));
    }

    /**
     * The Universal endpoint, {@code POST /v1/{account}/{gateway}}: a JSON array of steps tried in order (see
     * {@link UniversalChain}).
     */
    public CompletionStage<Void> universal(String account, String gatewayId, HttpServerRequest request) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Route outer = new Route(account, gatewayId, GatewayMetrics.UNKNOWN, "");
        RequestContext ctx = new RequestContext(outer, request);
        Runnable onDone = () -> done.complete(null);
        metrics.requestStarted();
        try {
            GatewaySettings gateway = resolveGateway(outer);
            ctx.gateway(gateway.id());
            boolean authenticated = credentials.authenticateOuter(gateway, request.headers());
            startLog(ctx, gateway, request.headers());
            if (authenticated && ctx.log() != null) {
                ctx.log().authenticated();
            }
            String contentLength = request.getHeader("content-length");
            long declared = contentLength == null ? -1 : parseLength(contentLength);
            if (declared > maxRequestBytes) {
                throw tooLarge();
            }
            BodyReader.read(ctx, declared, maxRequestBytes, metrics, onDone, body -> {
                try {
                    startChain(ctx, gateway, body, onDone);
                } catch (GatewayException e) {
                    Exchange.replyError(ctx, e, metrics, onDone);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Unexpected error starting a Universal request");
                    Exchange.replyError(
                            ctx,
                            new GatewayException(GatewayError.INTERNAL, "Internal gateway error"),
                            metrics,
                            onDone);
                }
            });
            return done;
        } catch (GatewayException e) {
            vertx.getOrCreateContext().runOnContext(v -> Exchange.replyError(ctx, e, metrics, onDone));
            return done;
        }
    }

    private void startChain(RequestContext ctx, GatewaySettings gateway, Buffer body, Runnable onDone) {
        List<UniversalSteps.Step> steps = UniversalSteps.parse(
                body.getBytes(),
                slug -> catalogue.find(slug).isPresent(),
                config.routing().maxSteps());
        MultiMap outerHeaders = ctx.request().headers();
        List<Prepared> prepared = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            UniversalSteps.Step step = steps.get(i);
            Route route = new Route(ctx.route().accountId(), ctx.route().gatewayId(), step.provider(), step.path());
            MultiMap incoming = stepHeaders(outerHeaders, step);
            try {
                prepared.add(prepare(ctx, gateway, route, incoming, step.rawQuery(), null, Buffer.buffer(step.body())));
            } catch (GatewayException e) {
                throw new GatewayException(e.error(), "Step " + i + ": " + e.getMessage());
            }
        }
        new UniversalChain(ctx, prepared, metrics, ctx.startNanos() + deadlineNanos, p -> forward(ctx, p, onDone))
                .start();
    }

    /**
     * A step's headers: the outer request's (without its body framing and without provider credentials, which belong
     * to each step) overridden by the step's own; Cloudflare's precedence is step > request > gateway.
     */
    private MultiMap stepHeaders(MultiMap outer, UniversalSteps.Step step) {
        MultiMap merged = io.vertx.core.http.HttpHeaders.headers();
        for (java.util.Map.Entry<String, String> h : outer) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!name.equals("content-length")
                    && !name.equals("transfer-encoding")
                    && !name.equals("expect")
                    && !catalogue.isCredentialHeader(name)) {
                merged.add(name, h.getValue());
            }
        }
        step.headers().forEach((name, value) -> {
            if (!name.equals(CredentialResolver.GATEWAY_AUTHORIZATION)) {
                merged.set(name, value);
            }
        });
        if (!merged.contains("content-type")) {
            merged.set("content-type", "application/json");
        }
        return merged;
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
            String path,
            MultiMap incoming,
            MultiMap upstreamHeaders,
            UpstreamUrl url,
            CacheDirective cache,
            long declaredLength,
            Buffer body,
            RetryPolicy policy,
            boolean injectUsage,
            WireFormat format) {}

    /**
     * Resolves provider, credentials and upstream URL for one call.
     *
     * @param incoming the headers the call was made with (a Universal step: outer headers merged with the step's)
     * @param body the body to send, or null to stream the client's
     */
    Prepared prepare(
            RequestContext ctx,
            GatewaySettings gateway,
            Route route,
            MultiMap incoming,
            String rawQuery,
            String contentLength,
            Buffer body) {
        ctx.gateway(gateway.id());
        Provider provider = catalogue
                .find(route.providerSlug())
                .orElseThrow(() -> new GatewayException(GatewayError.INVALID_PROVIDER, "Invalid provider"));
        ctx.provider(provider.slug());
        if (ctx.log() != null) {
            logTarget(ctx.log(), provider, route.providerPath(), incoming); // also for a refusal below (413)
        }

        MultiMap upstreamHeaders = HeaderRules.upstreamRequestHeaders(incoming);
        if (credentials.resolve(gateway, provider, incoming, upstreamHeaders, rawQuery) && ctx.log() != null) {
            ctx.log().authenticated();
        }
        long declaredLength = body != null ? body.length() : contentLength == null ? -1 : parseLength(contentLength);
        if (declaredLength > maxRequestBytes) {
            throw tooLarge();
        }
        provider.rules().adaptCredentials(route.providerPath(), upstreamHeaders);
        PathSegments.rejectDotSegments(route.providerPath()); // before any path rule reads it
        UpstreamUrl url = provider.paths()
                .resolve(
                        new PathRequest(route.accountId(), route.providerPath(), rawQuery, incoming),
                        provider.baseUrl());
        provider.rules().stripGatewayOnlyHeaders(upstreamHeaders);
        WireFormat format = provider.rules().wireFormat(url.uri());
        ProviderClient client = clients.of(provider);
        RetryPolicy policy = RetryPolicy.of(gateway, incoming);
        Exchange exchange = new Exchange(ctx, client, url, upstreamHeaders, maxRequestBytes, metrics, guards, policy)
                .deadline(ctx.startNanos() + deadlineNanos)
                .wireFormat(format);
        if (body != null) {
            exchange.withBody(body);
        }
        // Chat completion streams only report usage when asked (where the provider takes it): ask, for logs and limits.
        boolean injectUsage = ctx.request().method() == io.vertx.core.http.HttpMethod.POST
                && provider.rules().includeUsage(format)
                && declaredLength <= INJECT_USAGE_MAX_BODY
                && (ctx.log() != null || gateway.limits().stream().anyMatch(dev.aigateway.ratelimit.LimitRule::tokens));
        if (injectUsage) {
            exchange.injectUsage();
        }
        return new Prepared(
                exchange,
                gateway,
                provider,
                route.providerPath(),
                incoming,
                upstreamHeaders,
                url,
                CacheDirective.of(gateway, ctx.request().method(), incoming),
                declaredLength,
                body,
                policy,
                injectUsage,
                format);
    }

    GatewaySettings resolveGateway(Route route) {
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
