package dev.aigateway.proxy;

import dev.aigateway.cache.CacheKey;
import dev.aigateway.cache.ResponseCache;
import dev.aigateway.cache.ResponseCache.Lookup;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.RateLimiter.Decision;
import dev.aigateway.redis.EndBatch;
import dev.aigateway.redis.RedisCalls;
import io.vertx.core.Future;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Admission's Redis work for a request with limits and a cache lookup: one call when both go to Redis (the limit
 * script makes the lookup, and on a miss takes the single-flight lock, after counting the request: see
 * {@code ratelimit.lua}), and after the response one batch for the cache's store and lock release and the limits'
 * settlement ({@link EndBatch}). Each answer keeps its own time bound, as when they were two calls: the decision the
 * limiter's ({@code gateway.rate-limit.timeout}), the lookup the cache's ({@code gateway.cache.lookup-timeout}; a
 * slower one is a miss even when the decision came in time). On a Redis Cluster (keys of different slots) the two go
 * separately, as they do when there is only one of them; so they do, from then on, once a Redis sharded behind one
 * endpoint refused the combined call ({@code CROSSSLOT}: the request that met it is checked and looked up again,
 * separately; see {@link RateLimiter#checkWith}). The after-response batch is several commands, each of one slot: it
 * stays one batch there.
 */
@Singleton
class CheckAndLookup {

    /** How long the after-response batch may take (the store's bound). */
    static final Duration END_TIMEOUT = Duration.ofSeconds(2);

    private final RateLimiter limiter;
    private final ResponseCache cache;
    private final RedisCalls redis;

    CheckAndLookup(RateLimiter limiter, ResponseCache cache, RedisCalls redis) {
        this.limiter = limiter;
        this.cache = cache;
        this.redis = redis;
    }

    /** The limits' decision and the lookup's outcome (a lookup that fails is a miss: never a failed future). */
    record Both(Future<Decision> limits, Future<Lookup> lookup) {}

    /**
     * @param key the cache key to look up, null when the request is not looked up (then the outcome is a follow)
     * @param mayWait whether a miss may wait for an identical request in flight
     */
    Both run(List<Charge> charges, boolean failOpen, CacheKey key, String owner, boolean mayWait) {
        if (key == null) {
            return new Both(limiter.check(charges, failOpen), Future.succeededFuture(Lookup.FOLLOW));
        }
        if (charges.isEmpty() || !redis.acrossSlots()) {
            return new Both(
                    limiter.check(charges, failOpen),
                    cache.lookup(key, owner, mayWait).otherwise(Lookup.FOLLOW));
        }
        @SuppressWarnings("unchecked")
        Future<Decision>[] decision = new Future[1];
        Future<Lookup> lookup = cache.lookup(key, owner, mayWait, (keys, args) -> {
                    RateLimiter.Checked checked =
                            limiter.checkWith(charges, failOpen, keys, args, () -> cache.lookupAlone(keys, args));
                    decision[0] = checked.decision();
                    return checked.tail();
                })
                .otherwise(Lookup.FOLLOW);
        if (decision[0] == null) { // waits on an identical request of this replica: no lookup in Redis
            decision[0] = limiter.check(charges, failOpen);
        }
        return new Both(decision[0], lookup);
    }

    /**
     * The batch a cached request's store and its settlement share after the response (one round trip); null when
     * they cannot share one (a Redis Cluster client: their keys live in different slots).
     */
    EndBatch endBatch() {
        return redis.batchesAcrossSlots() ? new EndBatch(redis, 2, END_TIMEOUT) : null;
    }
}
