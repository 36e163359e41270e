package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.logs.LogDraft;
import dev.aigateway.logs.LogWriter;
import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.provider.ProviderClients;
import dev.aigateway.provider.UpstreamPaths.PathRequest;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.routing.RetryPolicy;
import dev.aigateway.routing.UniversalSteps;
import dev.aigateway.stream.ByteBudget;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The synchronous first steps of a request: resolve the gateway, check the {@code cf-aig-*} headers that end up in the
 * log and start the log row, then for each provider call: the provider, dot segments refused, credentials (gateway
 * tokens, stored keys), upstream headers as the provider's rules want them, the upstream URL from its path rules, the
 * call's wire format, the retry policy. Anything
 * wrong is thrown as a {@link GatewayException} (the client's 4xx).
 */
@Singleton
class CallPreparer {

    /** Request bodies read whole so that {@code include_usage} can be added (chat requests are far smaller). */
    static final long INJECT_USAGE_MAX_BODY = 1 << 20;

    static final String COLLECT_LOG = "cf-aig-collect-log";
    static final String COLLECT_LOG_PAYLOAD = "cf-aig-collect-log-payload";

    private final GatewayConfig config;
    private final GatewayRegistry gateways;
    private final ProviderCatalogue catalogue;
    private final ProviderClients clients;
    private final CredentialResolver credentials;
    private final LogWriter logs;
    private final CompatTarget compat;
    private final KeyPools keyPools;
    private final long maxRequestBytes;
    private final long maxPayloadBytes;
    /** What the copies of responses in flight may hold together (the log row's payload draws from it). */
    private final ByteBudget copies;

    CallPreparer(
            GatewayConfig config,
            GatewayRegistry gateways,
            ProviderCatalogue catalogue,
            ProviderClients clients,
            CredentialResolver credentials,
            LogWriter logs,
            CompatTarget compat,
            ByteBudget copies,
            KeyPools keyPools) {
        this.compat = compat;
        this.keyPools = keyPools;
        this.copies = copies;
        this.config = config;
        this.gateways = gateways;
        this.catalogue = catalogue;
        this.clients = clients;
        this.credentials = credentials;
        this.logs = logs;
        this.maxRequestBytes = config.maxRequestBytes().asLongValue();
        this.maxPayloadBytes = config.logs().maxPayloadBytes().asLongValue();
    }

    /** The route's gateway (and account, when the gateway is bound to one). */
    GatewaySettings gateway(RequestContext ctx, Route route) {
        Optional<String> account = config.accountId();
        if (account.isPresent() && route.accountId() != null && !account.get().equals(route.accountId())) {
            throw new GatewayException(GatewayError.GATEWAY_NOT_FOUND, "Unknown account");
        }
        String id = route.gatewayId();
        if (id.isEmpty() || id.length() > GatewayRegistry.MAX_ID_LENGTH) {
            throw gatewayNotFound(id);
        }
        GatewaySettings gateway = gateways.find(id).orElseThrow(() -> gatewayNotFound(id));
        ctx.gateway(gateway.id());
        return gateway;
    }

    private static GatewayException gatewayNotFound(String id) {
        String shown =
                id.length() > GatewayRegistry.MAX_ID_LENGTH ? id.substring(0, GatewayRegistry.MAX_ID_LENGTH) : id;
        return new GatewayException(
                GatewayError.GATEWAY_NOT_FOUND,
                "Gateway '" + shown.replaceAll("[^A-Za-z0-9_.-]", "?") + "' is not configured");
    }

    /**
     * Checks the stored {@code cf-aig-*} headers (logged or not: the same request, the same answer) and starts the
     * request's log row unless logs are off for it: gateway {@code collect-logs}, overridden by
     * {@code cf-aig-collect-log}; {@code cf-aig-collect-log-payload: false} keeps the bodies out.
     */
    void startLog(RequestContext ctx, GatewaySettings gateway, MultiMap incoming) {
        EdgeHeaders.Checked edge = EdgeHeaders.check(incoming);
        ctx.metadata(edge.metadata());
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
                        UUID.fromString(ctx.requestId()),
                        Instant.now(),
                        ctx.startNanos(),
                        ctx.eventId(),
                        gateway.id(),
                        payload,
                        maxPayloadBytes,
                        copies,
                        incoming.get(HttpHeaders.USER_AGENT),
                        edge.metadata().isEmpty() ? null : new JsonObject(edge.metadata()).encode(),
                        edge.customCost()));
    }

    /**
     * Resolves provider, credentials and upstream URL for one call.
     *
     * @param incoming the headers the call was made with (a Universal step: outer headers merged with the step's)
     * @param contentLength the request's Content-Length header, or null
     * @param body the body to send, or null to relay the client's
     */
    PreparedCall prepare(
            RequestContext ctx,
            GatewaySettings gateway,
            Route route,
            MultiMap incoming,
            String rawQuery,
            String contentLength,
            Buffer body) {
        Provider provider = catalogue
                .find(route.providerSlug())
                .orElseThrow(() -> new GatewayException(GatewayError.INVALID_PROVIDER, "Invalid provider"));
        ctx.provider(provider.slug());
        if (ctx.log() != null) {
            logTarget(ctx.log(), provider, route.providerPath(), incoming); // also for a refusal below (413)
        }
        MultiMap upstreamHeaders = HeaderRules.upstreamRequestHeaders(incoming);
        CredentialResolver.Resolved resolved =
                credentials.resolve(gateway, provider, route.providerPath(), incoming, upstreamHeaders, rawQuery);
        if (resolved.authenticated() && ctx.log() != null) {
            ctx.log().authenticated();
        }
        long declaredLength = body != null ? body.length() : contentLength == null ? -1 : length(contentLength);
        if (declaredLength > maxRequestBytes) {
            throw ErrorReply.tooLarge();
        }
        provider.rules().adaptCredentials(route.providerPath(), upstreamHeaders);
        PathSegments.rejectDotSegments(route.providerPath()); // before any path rule reads it
        UpstreamUrl url = provider.paths()
                .resolve(
                        new PathRequest(route.accountId(), route.providerPath(), rawQuery, incoming),
                        provider.baseUrl());
        provider.rules().stripGatewayOnlyHeaders(upstreamHeaders);
        WireFormat format = provider.rules().wireFormat(url.uri());
        // Chat completion streams only report usage when asked (where the provider takes it): ask, for logs and limits.
        boolean injectUsage = ctx.request().method() == HttpMethod.POST
                && provider.rules().includeUsage(format)
                && declaredLength <= INJECT_USAGE_MAX_BODY
                && (ctx.log() != null || PreparedCall.tokenLimits(gateway));
        return new PreparedCall(
                gateway,
                provider,
                clients.of(provider),
                route.providerPath(),
                incoming,
                upstreamHeaders,
                url,
                CacheDirective.of(gateway, ctx.request().method(), incoming),
                declaredLength,
                body,
                RetryPolicy.of(gateway, incoming),
                injectUsage,
                format,
                null,
                keyPools.of(ctx, gateway, provider, route, incoming, rawQuery, resolved),
                resolved.credential());
    }

    /**
     * A Universal request's steps, each prepared as a call; everything is checked before the first step runs.
     *
     * @param body the Universal request's body: a JSON array of steps
     */
    List<PreparedCall> steps(RequestContext ctx, GatewaySettings gateway, Buffer body) {
        List<UniversalSteps.Step> steps = UniversalSteps.parse(
                body.getBytes(),
                slug -> slug.equals(CompatTarget.STEP_PROVIDER)
                        || catalogue.find(slug).isPresent(),
                config.routing().maxSteps());
        MultiMap outerHeaders = ctx.request().headers();
        List<PreparedCall> calls = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            UniversalSteps.Step step = steps.get(i);
            Route route = new Route(ctx.route().accountId(), ctx.route().gatewayId(), step.provider(), step.path());
            MultiMap incoming = stepHeaders(outerHeaders, step);
            try {
                calls.add(
                        step.provider().equals(CompatTarget.STEP_PROVIDER)
                                ? compat.step(this, ctx, gateway, step.path(), incoming, step.rawQuery(), step.body())
                                : prepare(
                                        ctx,
                                        gateway,
                                        route,
                                        incoming,
                                        step.rawQuery(),
                                        null,
                                        Buffer.buffer(step.body())));
            } catch (GatewayException e) {
                throw new GatewayException(e.error(), "Step " + i + ": " + e.getMessage());
            }
        }
        return calls;
    }

    /**
     * A step's headers: the outer request's (without its body framing and without provider credentials, which belong
     * to each step) overridden by the step's own; Cloudflare's precedence is step > request > gateway.
     */
    private MultiMap stepHeaders(MultiMap outer, UniversalSteps.Step step) {
        MultiMap merged = HttpHeaders.headers();
        for (Map.Entry<String, String> h : outer) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
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

    /** The call's provider, path and model in the log row, and the credentials it carries kept out of it. */
    void logCall(RequestContext ctx, PreparedCall call) {
        LogDraft log = ctx.log();
        if (log == null) {
            return;
        }
        logTarget(log, call.provider(), call.path(), call.incoming());
        log.format(call.format());
        for (String h : call.provider().credentialHeaders()) {
            call.upstreamHeaders().getAll(h).forEach(v -> log.secret(CredentialResolver.withoutScheme(v)));
            // what the client sent there too: a gateway token in the provider slot is taken out of the upstream
            // headers, yet a client may also have copied it into the body
            call.incoming().getAll(h).forEach(v -> log.secret(CredentialResolver.withoutScheme(v)));
        }
        if (call.keys() != null) { // the balanced keys this call may send
            call.keys().members().forEach(m -> {
                if (m.credential() != null) {
                    log.secret(CredentialResolver.withoutScheme(m.credential()));
                }
            });
        }
        String token = call.incoming().get(CredentialResolver.GATEWAY_AUTHORIZATION);
        if (token != null) {
            log.secret(CredentialResolver.withoutScheme(token));
        }
    }

    /** Which provider, path and model the log row is about (the model from the path, where the provider puts it). */
    private static void logTarget(LogDraft log, Provider provider, String path, MultiMap incoming) {
        String model = path == null || path.isEmpty() ? null : provider.rules().modelInPath(path);
        log.target(provider.slug(), path, incoming.get(HttpHeaders.CONTENT_TYPE), model);
    }

    /** A Content-Length header's value; 400 when it is not a number. */
    static long length(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new GatewayException(GatewayError.BAD_REQUEST, "Invalid Content-Length");
        }
    }
}
