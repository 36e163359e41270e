package dev.aigateway.cache;

import dev.aigateway.config.CacheConfig;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.redis.EndBatch;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.redis.RedisCalls.Op;
import dev.aigateway.redis.RedisCalls.Script;
import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.ResponseScan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The exact response cache in Redis. Every call is bounded in time and every failure degrades to a miss or a dropped
 * store; nothing here can fail or stall a request. Application scoped: built on its first use, so a gateway that
 * caches nothing never loads it (or its scripts).
 */
@ApplicationScoped
public class ResponseCache {

    private static final Logger LOG = Logger.getLogger(ResponseCache.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    private final RedisCalls redis;
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    private final Duration lookupTimeout;
    private final long coalesceMillis;
    private final long pollMillis;
    private final long maxBodyBytes;
    private final boolean singleFlight;
    private final SingleFlight local = new SingleFlight();
    private final Script lookup = Script.load("cache-lookup");
    private final Script wait = Script.load("cache-wait");
    private final Script store = Script.load("cache-store");
    private final Script unlock = Script.load("unlock");

    @jakarta.inject.Inject
    public ResponseCache(RedisCalls redis, GatewayMetrics metrics, Vertx vertx, GatewayConfig config) {
        this(redis, metrics, vertx, config.cache());
    }

    public ResponseCache(RedisCalls redis, GatewayMetrics metrics, Vertx vertx, CacheConfig config) {
        this.redis = redis;
        this.metrics = metrics;
        this.vertx = vertx;
        this.lookupTimeout = config.lookupTimeout();
        this.coalesceMillis = config.coalesceTimeout().toMillis();
        this.pollMillis = Math.max(5, config.coalescePollInterval().toMillis());
        this.maxBodyBytes = config.maxBodyBytes().asLongValue();
        this.singleFlight = config.singleFlight();
    }

    /** Largest request or response body that is cached. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * What a lookup found; each case says what the request does next. ({@link #match} takes one function per case, so
     * the compiler checks that every case is handled: Java 17 has no pattern {@code switch}.)
     */
    public sealed interface Lookup {

        <R> R match(Function<CachedResponse, R> hit, Supplier<R> lead, Supplier<R> follow);

        /** A stored (or coalesced) response: the request is answered with it, the provider is not called. */
        record Hit(CachedResponse response) implements Lookup {
            @Override
            public <R> R match(Function<CachedResponse, R> hit, Supplier<R> lead, Supplier<R> follow) {
                return hit.apply(response);
            }
        }

        /**
         * A miss this request leads: it goes upstream, and identical requests that arrive meanwhile wait for its
         * response ({@link #complete} hands it on, or releases them).
         *
         * @param locked it may hold the Redis lock (other replicas' identical requests wait on it): released with the
         *     store; false: only this replica's wait on it
         */
        record Lead(boolean locked) implements Lookup {
            @Override
            public <R> R match(Function<CachedResponse, R> hit, Supplier<R> lead, Supplier<R> follow) {
                return lead.get();
            }
        }

        /**
         * A miss led by another request (here or on another replica) that gave nothing usable in time, or a request
         * that must not wait: it goes upstream on its own, nobody waits for it.
         */
        record Follow() implements Lookup {
            @Override
            public <R> R match(Function<CachedResponse, R> hit, Supplier<R> lead, Supplier<R> follow) {
                return follow.get();
            }
        }

        Lookup LEAD = new Lead(true);
        Lookup LEAD_HERE = new Lead(false);
        Lookup FOLLOW = new Follow();

        /** Whether this request leads its key (and must hand it on when it is over). */
        default boolean leads() {
            return this instanceof Lead;
        }

        /** Whether this request may hold the key's Redis lock (and must release it when it is over). */
        default boolean locked() {
            return this instanceof Lead l && l.locked();
        }
    }

    /**
     * Looks a request up. On a miss the request either leads its key (it goes upstream and its response is handed to
     * identical requests that arrive meanwhile, here or on other replicas) or just goes upstream.
     *
     * @param owner an id unique to this request (the single-flight lock's owner)
     */
    public Future<Lookup> lookup(CacheKey key, String owner) {
        return lookup(key, owner, true);
    }

    /**
     * @param mayWait false: a miss never waits for an identical request in flight (see {@link Coalescing}); it goes
     *     upstream at once
     */
    public Future<Lookup> lookup(CacheKey key, String owner, boolean mayWait) {
        return lookup(key, owner, mayWait, (keys, args) -> redis.evalUnbounded(lookup, keys, args));
    }

    /**
     * How a lookup reaches Redis: {@code cache-lookup.lua} on its own, or made by another script in the same call
     * (the limit check's: one round trip for both). Called at most once, synchronously, by {@link #lookup}: not at
     * all when the request waits on an identical one of this replica (nothing to ask Redis).
     */
    @FunctionalInterface
    public interface LookupCall {

        /**
         * Sends the lookup: its keys (entry, lock) and arguments (owner, lock lifetime in ms, 0 = none); the future
         * holds {@code cache-lookup.lua}'s answer, unbounded (the lookup bounds it with its own timeout).
         */
        Future<Response> send(List<String> keys, List<String> args);
    }

    /** {@link #lookup(CacheKey, String, boolean)}, its Redis part sent by {@code call}. */
    public Future<Lookup> lookup(CacheKey key, String owner, boolean mayWait, LookupCall call) {
        if (coalesceMillis <= 0 || !mayWait) {
            return redisLookup(key, owner, 0, false, call);
        }
        SingleFlight.Flight flight = local.join(key.entry());
        if (flight == null) {
            // This instance's leader for the key; across replicas the Redis lock decides who calls the provider.
            return redisLookup(key, owner, singleFlight ? coalesceMillis : 0, true, call)
                    .compose(found -> found.match(
                            response -> {
                                local.land(key.entry(), response);
                                return Future.succeededFuture(found);
                            },
                            () -> Future.succeededFuture(found),
                            () -> awaitLeader(key)));
        }
        Promise<Lookup> promise = Promise.promise();
        flight.await(vertx, coalesceMillis, response -> {
            if (response != null) {
                metrics.cache(key.gateway(), "coalesced");
                promise.complete(new Lookup.Hit(response));
            } else {
                promise.complete(Lookup.FOLLOW);
            }
        });
        return promise.future();
    }

    /** Another replica leads: wait for its stored response; this instance's followers wait on us. */
    private Future<Lookup> awaitLeader(CacheKey key) {
        return awaitRemote(key, System.currentTimeMillis() + coalesceMillis).map(response -> {
            if (response != null) {
                local.land(key.entry(), response);
                metrics.cache(key.gateway(), "coalesced");
                return new Lookup.Hit(response);
            }
            return Lookup.LEAD_HERE; // leads locally, without the (gone) Redis lock
        });
    }

    /**
     * @param lockMillis the Redis lock's lifetime, 0 = no lock
     * @param here this request leads the key on this replica (identical requests here wait on it)
     */
    private Future<Lookup> redisLookup(CacheKey key, String owner, long lockMillis, boolean here, LookupCall call) {
        Future<Response> sent = call.send(List.of(key.entry(), key.lock()), List.of(owner, Long.toString(lockMillis)));
        Lookup miss = here ? Lookup.LEAD_HERE : Lookup.FOLLOW; // a miss without the lock
        return redis.within(sent, lookupTimeout)
                .map(r -> {
                    if (r != null && r.type() == ResponseType.BULK) {
                        CachedResponse cached = CachedResponse.decode(r.toBuffer());
                        if (cached != null) {
                            return new Lookup.Hit(cached);
                        }
                        metrics.cache(key.gateway(), "decode_error"); // unreadable (older layout): overwrite it
                        return miss;
                    }
                    int said = r != null && r.size() > 0 ? r.get(0).toInteger() : -1;
                    return said == 1 ? Lookup.LEAD : said == 0 ? Lookup.FOLLOW : miss;
                })
                .recover(e -> {
                    metrics.cache(key.gateway(), "lookup_error");
                    LOG.debugf("Cache lookup failed, treated as a miss: %s", e.toString());
                    // a late answer may still take the lock: leading with it releases it
                    return Future.succeededFuture(lockMillis > 0 ? Lookup.LEAD : miss);
                });
    }

    /** Polls until the other replica's response is stored (hit), its lock is gone (null), or the deadline. */
    private Future<CachedResponse> awaitRemote(CacheKey key, long deadline) {
        Promise<CachedResponse> promise = Promise.promise();
        poll(key, deadline, promise);
        return promise.future();
    }

    private void poll(CacheKey key, long deadline, Promise<CachedResponse> promise) {
        vertx.setTimer(pollMillis, t -> redis.eval(wait, List.of(key.entry(), key.lock()), List.of(), lookupTimeout)
                .onComplete(ar -> {
                    Response r = ar.succeeded() ? ar.result() : null;
                    if (r != null && r.type() == ResponseType.BULK) {
                        promise.complete(CachedResponse.decode(r.toBuffer()));
                    } else if (ar.failed()
                            || (r != null && r.size() > 0 && r.get(0).toInteger() == 1)
                            || System.currentTimeMillis() + pollMillis > deadline) {
                        promise.complete(null);
                    } else {
                        poll(key, deadline, promise);
                    }
                }));
    }

    /** {@link #complete(CacheKey, String, CachedResponse, long, Lookup, EndBatch)} of a request that led (tests). */
    public void complete(CacheKey key, String owner, CachedResponse response, long ttlSeconds, boolean leads) {
        complete(key, owner, response, ttlSeconds, leads ? Lookup.LEAD : Lookup.FOLLOW, null);
    }

    /**
     * A request that looked the cache up is over. A cacheable response is stored in the background (the client has it
     * already); when the request led its key, the waiting requests get the response at once, or go upstream when
     * there is none, and the lock is released (with the store: one script).
     *
     * @param found what its lookup said
     * @param end the batch the request's other after-response commands go in (the limits' settlement); null: sent
     *     alone. Given, it always gets this part, even when there is nothing to send.
     */
    public void complete(
            CacheKey key, String owner, CachedResponse response, long ttlSeconds, Lookup found, EndBatch end) {
        if (found.leads()) {
            local.land(key.entry(), response);
        }
        Buffer encoded = response == null ? null : response.encode();
        List<Op> ops;
        if (encoded == null) {
            ops = found.locked() ? List.of(RedisCalls.script(unlock, List.of(key.lock()), List.of(owner))) : List.of();
        } else if (found.locked()) {
            ops = List.of(RedisCalls.script(
                    store,
                    List.of(key.entry(), key.lock()),
                    List.of(encoded, Long.toString(ttlSeconds * 1000), owner)));
        } else {
            ops = List.of(RedisCalls.command(Request.cmd(Command.SET)
                    .arg(key.entry())
                    .arg(encoded)
                    .arg("PX")
                    .arg(ttlSeconds * 1000)));
        }
        if (end == null && ops.isEmpty()) {
            return;
        }
        Future<List<Boolean>> sent = end != null ? end.add(ops) : redis.batch(ops, STORE_TIMEOUT);
        if (encoded == null) {
            sent.onFailure(e -> LOG.debugf("Cache lock release failed: %s", e.toString()));
            return;
        }
        sent.onComplete(ar -> {
            if (ar.succeeded() && ar.result().get(0)) {
                metrics.cache(key.gateway(), "stored");
                metrics.cacheBytesStored(key.gateway(), encoded.length());
            } else {
                metrics.cache(key.gateway(), "store_error");
                LOG.debugf(
                        "Cache store failed, dropped: %s",
                        ar.failed() ? ar.cause().toString() : "error reply");
            }
        });
    }

    /**
     * What records a forwarded response for the cache and, once it is over, stores it and hands it on (see
     * {@link #complete}).
     *
     * @param scan the response's one scan (whether an event stream ended properly)
     * @param capture the response's one bounded copy of its body (at least this cache's {@link #maxBodyBytes})
     * @param end the batch its store goes in with the request's other after-response commands; null: none
     */
    public CacheRecorder recorder(
            CacheKey key,
            String owner,
            long ttlSeconds,
            Lookup lookup,
            ResponseScan scan,
            BodyCapture capture,
            EndBatch end) {
        return new CacheRecorder(this, key, owner, ttlSeconds, lookup, maxBodyBytes, scan, capture, end);
    }

    /** A request that led its key and will not go upstream (refused, client gone) hands the key on. */
    public void release(CacheKey key, String owner, Lookup lookup) {
        if (lookup.leads()) {
            complete(key, owner, null, 0, lookup, null);
        }
    }

    void notStored(CacheKey key) {
        metrics.cache(key.gateway(), "not_stored");
    }

    /** Deletes every entry of a gateway (SCAN + UNLINK, in batches); the future holds how many were deleted. */
    public Future<Long> purge(String gateway) {
        return CachePurge.purge(redis, gateway);
    }
}
