package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.cache.CacheKey;
import dev.aigateway.cache.CachePolicy;
import dev.aigateway.cache.CachedResponse;
import dev.aigateway.cache.Coalescing;
import dev.aigateway.cache.ResponseCache;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.logs.Metadata;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.RateLimiter.Decision;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import dev.aigateway.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps between an accepted request and the provider call, for gateways with a cache or limits: read the body
 * (bounded), then check the limits and look the cache up at the same time (one Redis round trip each, in parallel),
 * then answer from the cache, refuse with 429, or forward and keep a copy of the response for the cache and for
 * settling token reservations after the client has it.
 */
final class Admission {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Admission.class);

    static final String RATELIMIT_LIMIT = "RateLimit-Limit";
    static final String RATELIMIT_REMAINING = "RateLimit-Remaining";
    static final String RATELIMIT_RESET = "RateLimit-Reset";

    private final ProxyPipeline.Prepared prepared;
    private final RequestContext ctx;
    private final ResponseCache cache;
    private final RateLimiter limiter;
    private final GatewayMetrics metrics;
    private final long maxRequestBytes;
    private final Runnable onDone;

    private CacheKey key;
    private Decision decision;
    private ResponseCache.Found found;
    private boolean lookupDone;
    private boolean answered;

    Admission(
            ProxyPipeline.Prepared prepared,
            RequestContext ctx,
            ResponseCache cache,
            RateLimiter limiter,
            GatewayMetrics metrics,
            long maxRequestBytes,
            Runnable onDone) {
        this.prepared = prepared;
        this.ctx = ctx;
        this.cache = cache;
        this.limiter = limiter;
        this.metrics = metrics;
        this.maxRequestBytes = maxRequestBytes;
        this.onDone = onDone;
    }

    /** Whether a request on this gateway needs this step at all (otherwise it is streamed straight through). */
    static boolean needed(ProxyPipeline.Prepared p) {
        return p.cache() != null
                || !p.gateway().limits().isEmpty()
                || p.policy().maxAttempts() > 1
                || p.injectUsage();
    }

    void start() {
        HttpServerRequest request = ctx.request();
        boolean tokenRules = prepared.gateway().limits().stream().anyMatch(LimitRule::tokens);
        long declared = prepared.declaredLength();
        boolean cacheable = prepared.cache() != null && declared <= cache.maxBodyBytes();
        // Retries need the body in hand: it is sent once per attempt.
        boolean retries = prepared.policy().maxAttempts() > 1;
        if (prepared.body() != null) {
            admit(prepared.body(), cacheable);
            return;
        }
        if (!cacheable && !tokenRules && !retries && !prepared.injectUsage()) {
            admit(null, false);
            return;
        }
        boolean keepForCache = cacheable;
        BodyReader.read(
                ctx,
                declared,
                maxRequestBytes,
                metrics,
                onDone,
                body -> guarded(() -> admit(body, keepForCache && body.length() <= cache.maxBodyBytes())));
    }

    /** @param body the whole request body, or null when it is streamed */
    private void admit(Buffer body, boolean cacheable) {
        BodyFacts facts = body == null ? BodyFacts.NONE : BodyFacts.of(body);
        List<Charge> charges = charges(body, facts);
        if (facts.maxOutputTokens() == BodyFacts.INVALID
                && charges.stream().anyMatch(c -> c.rule().tokens())) {
            answered = true;
            Exchange.replyError(
                    ctx,
                    new GatewayException(
                            GatewayError.BAD_REQUEST,
                            "max_tokens must be a whole number >= 0 on a gateway with a token limit"),
                    metrics,
                    onDone);
            return;
        }
        CacheDirective directive = prepared.cache();
        if (cacheable && CachePolicy.requestCacheable(prepared.url().uri(), facts)) {
            key = directive.customKey() != null
                    ? CacheKey.custom(
                            ctx.gateway(),
                            directive.customKey(),
                            CacheKey.credential(
                                    prepared.upstreamHeaders(),
                                    prepared.provider().credentialHeaders(),
                                    prepared.url().uri()))
                    : CacheKey.computed(
                            ctx.gateway(),
                            ctx.provider(),
                            ctx.request().method().name(),
                            prepared.url(),
                            prepared.upstreamHeaders(),
                            prepared.provider().credentialHeaders(),
                            body);
            ctx.gatewayHeader(CacheDirective.CACHE_STATUS, "MISS");
        }
        Future<Decision> limits = limiter.check(charges, prepared.gateway().rateLimitingFailOpen());
        if (key != null && !directive.skipLookup()) {
            cache.lookup(key, ctx.requestId(), Coalescing.mayWait(prepared.url().uri(), body))
                    .onComplete(ar -> guarded(() -> {
                        lookupDone = true;
                        found = ar.succeeded() ? ar.result() : null;
                        if (answered) {
                            release(); // refused meanwhile
                        } else {
                            proceed(body);
                        }
                    }));
        } else {
            lookupDone = true;
        }
        limits.onComplete(ar -> guarded(() -> {
            decision = ar.result();
            limited();
            proceed(body);
        }));
    }

    private List<Charge> charges(Buffer body, BodyFacts facts) {
        GatewaySettings gateway = prepared.gateway();
        List<Charge> charges = new ArrayList<>(gateway.limits().size());
        for (LimitRule rule : gateway.limits()) {
            String id = identifier(rule.identifier());
            if (id == null) {
                continue; // requests without this identifier are not counted by this rule
            }
            long cost = rule.tokens()
                    ? limiter.tokenEstimate(rule, body == null ? 0 : body.length(), facts.maxOutputTokens())
                    : 1;
            boolean everyone = rule.identifier().source() == LimitRule.Source.GATEWAY;
            charges.add(Charge.of(gateway.id(), rule, everyone ? null : id, cost));
        }
        return charges;
    }

    private String identifier(LimitRule.Identifier id) {
        MultiMap incoming = prepared.incoming();
        String value =
                switch (id.source()) {
                    case GATEWAY -> "";
                    case HEADER -> incoming.get(id.name());
                    case METADATA -> {
                        Object v = Metadata.parse(incoming.get(Metadata.HEADER)).get(id.name());
                        yield v == null ? null : v.toString();
                    }
                    case CREDENTIAL -> credential();
                    case TOKEN -> gatewayToken(incoming);
                    case IP -> ctx.clientIp(prepared.gateway().trustedProxies());
                };
        return value == null || (value.isBlank() && id.source() != LimitRule.Source.GATEWAY) ? null : value.strip();
    }

    private String credential() {
        StringBuilder all = new StringBuilder();
        for (String h : prepared.provider().credentialHeaders()) {
            for (String v : prepared.upstreamHeaders().getAll(h)) {
                all.append(h)
                        .append('=')
                        .append(CredentialResolver.withoutScheme(v))
                        .append('\n');
            }
        }
        String query = prepared.url().uri();
        int k = query.indexOf("key=");
        if (all.isEmpty() && k > 0 && (query.charAt(k - 1) == '?' || query.charAt(k - 1) == '&')) {
            int end = query.indexOf('&', k);
            all.append(query, k, end < 0 ? query.length() : end);
        }
        return all.isEmpty() ? null : all.toString();
    }

    private String gatewayToken(MultiMap incoming) {
        String header = incoming.get(CredentialResolver.GATEWAY_AUTHORIZATION);
        if (header != null) {
            return CredentialResolver.withoutScheme(header);
        }
        for (String slot : prepared.provider().credentialHeaders()) {
            String v = incoming.get(slot);
            if (v != null && prepared.gateway().acceptsToken(CredentialResolver.withoutScheme(v))) {
                return CredentialResolver.withoutScheme(v);
            }
        }
        return null;
    }

    /** Applies the limiter's decision: headers always, a refusal when limited (or when Redis is down, fail-closed). */
    private void limited() {
        Decision d = decision;
        if (d.hasHeaders()) {
            ctx.gatewayHeader(RATELIMIT_LIMIT, Long.toString(d.limit()));
            ctx.gatewayHeader(RATELIMIT_REMAINING, Long.toString(d.remaining()));
            ctx.gatewayHeader(RATELIMIT_RESET, Long.toString(seconds(d.resetMillis())));
        }
        GatewayException refusal = null;
        if (d.unavailable()) {
            metrics.rateLimit(ctx.gateway(), "error");
            if (!prepared.gateway().rateLimitingFailOpen()) {
                refusal = new GatewayException(GatewayError.LIMITER_UNAVAILABLE, "Rate limiter unavailable");
            }
        } else if (!d.allowed()) {
            metrics.rateLimit(ctx.gateway(), "limited");
            ctx.gatewayHeader("Retry-After", Long.toString(Math.max(1, seconds(d.retryMillis()))));
            refusal = new GatewayException(GatewayError.RATE_LIMITED, "Rate limited");
        } else if (d != Decision.NO_RULES) {
            metrics.rateLimit(ctx.gateway(), "allowed");
        }
        if (refusal != null) {
            answered = true;
            ctx.gatewayHeaderRemove(CacheDirective.CACHE_STATUS);
            if (lookupDone) {
                release();
            }
            Exchange.replyError(ctx, refusal, metrics, onDone);
        }
    }

    /** A bug in a callback must still answer the client (500 in the envelope), never leave it hanging. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Unexpected error admitting a request to provider %s", ctx.provider());
            if (!ctx.response().headWritten() && !ctx.response().ended()) {
                answered = true;
                Exchange.replyError(
                        ctx, new GatewayException(GatewayError.INTERNAL, "Internal gateway error"), metrics, onDone);
            }
        }
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }

    /** A refused request that led its cache key hands the key on. */
    private void release() {
        if (found != null && found.leads()) {
            cache.complete(key, ctx.requestId(), null, 0, true);
        }
    }

    private void proceed(Buffer body) {
        if (answered || decision == null || !lookupDone) {
            return;
        }
        answered = true;
        if (found != null && found.hit()) {
            metrics.cache(ctx.gateway(), "hit");
            for (Reservation r : decision.reservations()) {
                limiter.settle(r, 0); // cache hits cost no tokens
            }
            ctx.gatewayHeader(CacheDirective.CACHE_STATUS, "HIT");
            if (body != null && ctx.log() != null) {
                ctx.log().requestBody(body); // the hit's row names the model asked for, as a miss's does
            }
            replay(found.response());
            return;
        }
        if (clientGone()) {
            abandon();
            return;
        }
        if (key != null) {
            metrics.cache(ctx.gateway(), "miss");
        }
        Exchange exchange = prepared.exchange();
        if (body != null && prepared.body() == null) {
            exchange.withBody(body);
        }
        if (key != null || !decision.reservations().isEmpty()) {
            exchange.withCapture(new ResponseCapture(cache.maxBodyBytes(), this::afterResponse));
        }
        exchange.start(onDone);
    }

    /** Whether the client closed its connection (or reset its stream) while the request waited here. */
    private boolean clientGone() {
        return ctx.response().closed();
    }

    /**
     * The client left during the limiter check, the cache lookup or the coalescing wait: nobody would read the
     * answer, so the provider is not called (and not paid); a led cache key is handed on, token reservations settle
     * at zero.
     */
    private void abandon() {
        release();
        for (Reservation r : decision.reservations()) {
            limiter.settle(r, 0);
        }
        metrics.clientAbort(ctx.provider());
        metrics.request(ctx.gateway(), ctx.provider(), 499);
        metrics.requestEnded();
        ctx.logEnd(499, false, false, "client_abort");
        onDone.run();
    }

    /** After the client has the response: store it, hand it to identical waiting requests, settle tokens. */
    private void afterResponse(ResponseCapture capture) {
        if (key != null) {
            boolean leads = found != null && found.leads();
            CachedResponse entry = null;
            if (capture.complete()
                    && CachePolicy.responseCacheable(capture.status(), capture.headers(), capture.body())) {
                entry = CachedResponse.of(
                        capture.status(), capture.headers(), capture.body(), System.currentTimeMillis());
            } else {
                metrics.cache(ctx.gateway(), "not_stored");
            }
            if (entry != null || leads) {
                cache.complete(key, ctx.requestId(), entry, prepared.cache().ttlSeconds(), leads);
            }
        }
        List<Reservation> reservations = decision.reservations();
        if (reservations.isEmpty()) {
            return;
        }
        if (capture.status() == 0) {
            reservations.forEach(r -> limiter.settle(r, 0)); // the provider never answered: nothing was spent
            return;
        }
        // A large body is parsed off the event loop; settling waits for it.
        Future<Usage> usage = capture.complete() ? capture.usageOffLoop(ctx.provider()) : Future.succeededFuture();
        usage.onComplete(ar -> {
            Usage u = ar.succeeded() ? ar.result() : null;
            // An error without usage spent nothing; a success without usage keeps its estimate.
            long used = u != null ? u.total() : capture.status() >= 400 ? 0 : -1;
            if (used >= 0) {
                reservations.forEach(r -> limiter.settle(r, used));
            }
        });
    }

    private void replay(CachedResponse entry) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(entry.status());
        entry.headers().forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        int status = entry.status();
        if (ctx.log() != null) {
            ctx.log().responseStarted(0, response.headers().get(HttpHeaders.CONTENT_TYPE));
            ctx.log().responseChunk(entry.body());
        }
        response.end(entry.body()).onComplete(ar -> {
            metrics.bytes(ctx.provider(), 0, entry.body().length());
            metrics.request(ctx.gateway(), ctx.provider(), status);
            metrics.requestEnded();
            ctx.logEnd(status, true, false, null);
            onDone.run();
        });
    }
}
