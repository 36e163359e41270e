package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.cache.CacheKey;
import dev.aigateway.cache.CachePolicy;
import dev.aigateway.cache.Coalescing;
import dev.aigateway.cache.ResponseCache;
import dev.aigateway.cache.ResponseCache.Lookup;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.RateLimiter.Decision;
import dev.aigateway.ratelimit.RateLimiter.Headroom;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import dev.aigateway.redis.EndBatch;
import dev.aigateway.request.BodyFacts;
import dev.aigateway.semantic.Probe;
import dev.aigateway.semantic.SemanticCache;
import dev.aigateway.semantic.SemanticDirective;
import dev.aigateway.semantic.SemanticHeaders;
import dev.aigateway.stream.ResponseListener;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The step between an accepted call and the provider, for gateways with a cache, limits or retries: read the body
 * (bounded) when something needs it, read its facts once ({@link BodyFacts}), then check the limits and look the cache
 * up ({@link CheckAndLookup}: one Redis round trip for both), and decide: answer from the cache, refuse (429, 503,
 * 400), or go to the provider with the listeners that store the response and settle token reservations after it (one
 * round trip for both).
 */
@Singleton
class Admission {

    static final String RATELIMIT_LIMIT = "RateLimit-Limit";
    static final String RATELIMIT_REMAINING = "RateLimit-Remaining";
    static final String RATELIMIT_RESET = "RateLimit-Reset";

    private final ResponseCache cache;
    private final SemanticCache semantic;
    private final RateLimiter limiter;
    private final GatewayMetrics metrics;
    private final SpendGuard spendGuard;
    private final CheckAndLookup redis;
    private final long maxRequestBytes;
    private final long readTimeoutMillis;

    Admission(
            ResponseCache cache,
            SemanticCache semantic,
            RateLimiter limiter,
            GatewayMetrics metrics,
            SpendGuard spendGuard,
            CheckAndLookup redis,
            GatewayConfig config) {
        this.spendGuard = spendGuard;
        this.redis = redis;
        this.cache = cache;
        this.semantic = semantic;
        this.limiter = limiter;
        this.metrics = metrics;
        this.maxRequestBytes = config.maxRequestBytes().asLongValue();
        this.readTimeoutMillis = Math.max(1, config.requestReadTimeout().toMillis());
    }

    /** Admits a call that {@link PreparedCall#needsAdmission needs it}. */
    Future<Admitted> admit(RequestContext ctx, PreparedCall call, ResponseTaps taps) {
        long declared = call.declaredLength();
        boolean cacheable = (call.cache() != null || SemanticCache.applies(call.gateway(), call.format()))
                && declared <= cache.maxBodyBytes();
        boolean tokenRules = call.tokenLimits();
        // Retries need the body in hand: it is sent once per attempt.
        boolean retries = call.attemptsWithBody() > 1;
        if (call.body() != null) {
            return decide(ctx, call, taps, call.body(), cacheable);
        }
        if (!cacheable && !tokenRules && !retries && !call.injectUsage() && !call.signsBody()) {
            return decide(ctx, call, taps, null, false);
        }
        return BodyReader.read(ctx, declared, maxRequestBytes, readTimeoutMillis, metrics)
                .compose(read -> read.match(
                        body -> decide(ctx, call, taps, body, cacheable && body.length() <= cache.maxBodyBytes()),
                        refused -> Future.succeededFuture(new Admitted.Refused(refused.error(), refused.close())),
                        () -> Future.succeededFuture(new Admitted.Left())));
    }

    /** @param body the whole request body, or null when it is streamed */
    private Future<Admitted> decide(
            RequestContext ctx, PreparedCall call, ResponseTaps taps, Buffer body, boolean cacheable) {
        BodyFacts facts = body == null ? BodyFacts.NONE : BodyFacts.of(body);
        if (ctx.log() != null) {
            ctx.log().requestModel(facts.model());
        }
        List<Charge> limitCharges =
                call.gateway().limits().isEmpty() ? List.of() : LimitCharges.of(ctx, call, limiter, body, facts);
        SpendCharges spend = spendGuard.charges(ctx, call, body, facts);
        List<Charge> charges = limitCharges;
        if (!spend.charges().isEmpty()) {
            charges = new java.util.ArrayList<>(limitCharges);
            charges.addAll(spend.charges()); // one script: every limit and budget counts the request, or none does
        }
        if (facts.maxOutputTokens() == BodyFacts.INVALID
                && charges.stream().anyMatch(c -> c.rule().tokens() || c.rule().spend())) {
            return Future.succeededFuture(new Admitted.Refused(
                    new GatewayException(
                            GatewayError.BAD_REQUEST,
                            "max_tokens must be a whole number >= 0 on a gateway with a token or spend limit"),
                    false));
        }
        if (spend.refused()) {
            return Future.succeededFuture(new Admitted.Refused(spendGuard.unknownPrice(ctx, spend), false));
        }
        boolean requestCacheable = cacheable && CachePolicy.requestCacheable(call.format(), facts);
        CacheKey key = requestCacheable && call.cache() != null ? RequestKeys.key(ctx, call, body) : null;
        SemanticDirective similar = null;
        if (requestCacheable && SemanticCache.applies(call.gateway(), call.format())) {
            try {
                similar =
                        SemanticDirective.of(call.gateway().semanticCache(), call.incoming(), semantic.minThreshold());
            } catch (GatewayException e) {
                return Future.succeededFuture(new Admitted.Refused(e, false));
            }
        }
        if (key != null || similar != null) {
            ctx.gatewayHeader(CacheDirective.CACHE_STATUS, "MISS");
        } else if (charges.isEmpty()) {
            // nothing to count and nothing to look up (the body was read for retries or the usage option)
            return Future.succeededFuture(proceed(
                    ctx, call, taps, body, facts, null, null, List.of(), settler(ctx, taps, facts, spend, List.of())));
        }
        CheckAndLookup.Both both = redis.run(
                charges,
                call.gateway().rateLimitingFailOpen(),
                key != null && !call.cache().skipLookup() ? key : null,
                ctx.requestId(),
                Coalescing.mayWait(call.format(), facts));
        Future<Decision> limits = both.limits();
        Future<Lookup> lookup = both.lookup();
        // The semantic cache only on an exact miss (and only for gateways that enable it).
        SemanticDirective directive = similar;
        Future<Probe> probe = directive == null
                ? Future.succeededFuture(null)
                : lookup.compose(found -> found instanceof Lookup.Hit
                        ? Future.succeededFuture(null)
                        : semantic.lookup(
                                call.gateway(), call.format(), body, RequestKeys.scope(ctx, call), directive));
        return limits.compose(decision -> {
            GatewayException refusal = apply(ctx, call, decision, spend);
            if (refusal != null) {
                ctx.gatewayHeaderRemove(CacheDirective.CACHE_STATUS);
                if (key != null) {
                    lookup.onSuccess(found -> cache.release(key, ctx.requestId(), found)); // refused meanwhile
                }
                return Future.succeededFuture(new Admitted.Refused(refusal, false));
            }
            List<Reservation> reservations = decision.match(Decision.Allowed::reservations, l -> List.of(), List::of);
            LimitSettler settler = settler(ctx, taps, facts, spend, reservations);
            return lookup.compose(found -> probe.map(near -> found.match(
                    response -> hit(ctx, body, reservations, response, false),
                    () -> missed(ctx, call, taps, body, facts, key, found, reservations, settler, near),
                    () -> missed(ctx, call, taps, body, facts, key, found, reservations, settler, near))));
        });
    }

    /** The listener settling the reservations (and a route's cost elements') after the response; null without. */
    private LimitSettler settler(
            RequestContext ctx,
            ResponseTaps taps,
            BodyFacts facts,
            SpendCharges spend,
            List<Reservation> reservations) {
        if (reservations.isEmpty() && ctx.routeCosts().isEmpty()) {
            return null;
        }
        return new LimitSettler(
                limiter, reservations, ctx.routeCosts(), taps.usage(), spendGuard.cost(ctx, spend, facts));
    }

    /** An exact miss: answered by the semantic cache when it served a near-duplicate, else the provider. */
    private Admitted missed(
            RequestContext ctx,
            PreparedCall call,
            ResponseTaps taps,
            Buffer body,
            BodyFacts facts,
            CacheKey key,
            Lookup found,
            List<Reservation> reservations,
            LimitSettler settler,
            Probe similar) {
        if (similar != null && similar.kind() == Probe.Kind.HIT) {
            if (key != null) {
                cache.release(key, ctx.requestId(), found);
            }
            ctx.gatewayHeader(SemanticHeaders.MATCH, "semantic");
            ctx.gatewayHeader(SemanticHeaders.SIMILARITY, similar.similarityText());
            if (ctx.log() != null) {
                ctx.log().cacheMatch("semantic", similar.similarity());
            }
            return hit(ctx, body, reservations, similar.response(), true);
        }
        if (similar != null && ctx.log() != null && !Double.isNaN(similar.similarity())) {
            ctx.log().cacheMatch(similar.kind() == Probe.Kind.SHADOW_HIT ? "shadow" : null, similar.similarity());
        }
        if (similar != null && similar.kind() == Probe.Kind.SHADOW_HIT) {
            ctx.gatewayHeader(SemanticHeaders.SHADOW, "HIT;similarity=" + similar.similarityText());
        }
        Admitted admitted = proceed(ctx, call, taps, body, facts, key, found, reservations, settler);
        if (similar != null && similar.stores() && admitted instanceof Admitted.Proceed p) {
            List<ResponseListener> recorders = new java.util.ArrayList<>(p.recorders());
            recorders.add(
                    semantic.recorder(call.gateway(), similar, cache.maxBodyBytes(), taps.scan(), taps.capture()));
            return new Admitted.Proceed(p.body(), p.facts(), p.watchers(), List.copyOf(recorders));
        }
        return admitted;
    }

    /**
     * Applies the limiter's decision: headers always, metrics, and the refusal when limited (or when Redis is down on a
     * fail-closed gateway); null when the request may go on.
     */
    private GatewayException apply(RequestContext ctx, PreparedCall call, Decision decision, SpendCharges spend) {
        SpendGuard.headers(ctx, decision);
        Headroom headroom = decision.headroom();
        if (headroom != null) {
            ctx.gatewayHeader(RATELIMIT_LIMIT, Long.toString(headroom.limit()));
            ctx.gatewayHeader(RATELIMIT_REMAINING, Long.toString(headroom.remaining()));
            ctx.gatewayHeader(RATELIMIT_RESET, Long.toString(seconds(headroom.resetMillis())));
        }
        return decision.match(
                allowed -> {
                    if (allowed != Decision.NO_RULES) {
                        metrics.rateLimit(ctx.gateway(), "allowed");
                    }
                    return null;
                },
                limited -> {
                    ctx.gatewayHeader("Retry-After", Long.toString(Math.max(1, seconds(limited.retryMillis()))));
                    if (limited.overSpend() != null) {
                        return spendGuard.overBudget(ctx, call, spend, limited.overSpend());
                    }
                    metrics.rateLimit(ctx.gateway(), "limited");
                    return new GatewayException(GatewayError.RATE_LIMITED, "Rate limited");
                },
                () -> {
                    metrics.rateLimit(ctx.gateway(), "error");
                    return call.gateway().rateLimitingFailOpen()
                            ? null
                            : new GatewayException(GatewayError.LIMITER_UNAVAILABLE, "Rate limiter unavailable");
                });
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }

    private Admitted hit(
            RequestContext ctx,
            Buffer body,
            List<Reservation> reservations,
            dev.aigateway.cache.CachedResponse response,
            boolean semanticHit) {
        if (ctx.log() != null && !semanticHit) {
            ctx.log().cacheMatch("exact", Double.NaN);
        }
        metrics.cache(ctx.gateway(), "hit");
        List<Reservation> unspent = new java.util.ArrayList<>(reservations);
        unspent.addAll(ctx.routeCosts());
        limiter.settle(unspent, 0); // cache hits cost no tokens, nor money
        ctx.gatewayHeader(CacheDirective.CACHE_STATUS, "HIT");
        if (body != null && ctx.log() != null) {
            ctx.log().requestBody(body); // the hit's row names the model asked for, as a miss's does
        }
        return new Admitted.Hit(response);
    }

    /**
     * Go to the provider (unless the client left meanwhile), with the listeners that store the response and settle
     * the reservations after it.
     *
     * @param key the cache key, null when the call is not cached
     * @param found what the cache lookup said; null when there was no key
     */
    private Admitted proceed(
            RequestContext ctx,
            PreparedCall call,
            ResponseTaps taps,
            Buffer body,
            BodyFacts facts,
            CacheKey key,
            Lookup found,
            List<Reservation> reservations,
            LimitSettler settler) {
        if (ctx.response().closed()) {
            // The client left during the limiter check, the cache lookup or the coalescing wait: nobody would read
            // the answer, so the provider is not called (and not paid).
            if (key != null) {
                cache.release(key, ctx.requestId(), found);
            }
            limiter.settle(reservations, 0);
            metrics.clientAbort(ctx.provider());
            return new Admitted.Left();
        }
        if (settler != null) {
            settler.recharge(); // a hit whose entry could not be read goes upstream counted, as a miss does
        }
        List<ResponseListener> recorders = List.of();
        if (key != null) {
            metrics.cache(ctx.gateway(), "miss");
            // the store (and lock release) and the settlement after the response: one round trip
            EndBatch end = settler != null ? redis.endBatch() : null;
            if (end != null) {
                settler.endWith(end);
            }
            recorders = List.of(cache.recorder(
                    key, ctx.requestId(), call.cache().ttlSeconds(), found, taps.scan(), taps.capture(), end));
        }
        List<ResponseListener> watchers = settler == null ? List.of() : List.of(settler);
        return new Admitted.Proceed(body != null ? body : call.body(), facts, watchers, recorders);
    }
}
