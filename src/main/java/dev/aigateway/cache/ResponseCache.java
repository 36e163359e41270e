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

    /** The largest entry the limit check's answer carries (bytes): a larger one is read alone (see ratelimit.lua). */
    public static final int INLINE_MAX_BYTES = 64 * 1024;

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
        return lookup(key, owner, mayWait, this::lookupAlone);
    }

    /** A lookup's Redis part on its own ({@code cache-lookup.lua}): see {@link LookupCall#send}. */
    public Future<Response> lookupAlone(List<String> keys, List<String> args) {
        return redis.evalUnbounded(lookup, keys, args);
    }

    /**
     * How a lookup reaches Redis: {@code cache-lookup.lua} on its own, or made by another script in the same call
     * (the limit check's: one round trip for both). Called at most once, synchronously, by {@link #lookup}: not at
     * all when the request waits on an identical one of this replica (nothing to ask Redis).
     */
    @FunctionalInterface
    public interface LookupCall {

        /**
         * Sends the lookup: its keys (entry, lock) and arguments (owner, lock lifetime in ms, 0 = none, and
         * {@link #INLINE_MAX_BYTES}); the future holds {@code cache-lookup.lua}'s answer, unbounded (the lookup bounds
         * it with its own timeout), or {@code {2}}: the entry is there, to be read separately.
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
        return RemoteWait.await(
                        redis, vertx, key, System.currentTimeMillis() + coalesceMillis, pollMillis, lookupTimeout)
                .map(response -> {
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
        Future<Response> sent = call.send(
                List.of(key.entry(), key.lock()),
                List.of(owner, Long.toString(lockMillis), Integer.toString(INLINE_MAX_BYTES)));
        Lookup miss = here ? Lookup.LEAD_HERE : Lookup.FOLLOW; // a miss without the lock
        return redis.within(sent, lookupTimeout)
                .compose(r -> {
                    if (r != null && r.type() == ResponseType.BULK) {
                        return Future.succeededFuture(decoded(key, r, miss));
                    }
                    int said = r != null && r.size() > 0 ? r.get(0).toInteger() : -1;
                    if (said == 2) { // there, too large for the answer it came in: read on its own
                        return redis.send(Request.cmd(Command.GET).arg(key.entry()), lookupTimeout)
                                .map(entry -> entry != null ? decoded(key, entry, miss) : miss)
                                .recover(e -> failed(key, e, miss)); // no lock was taken: the entry was there
                    }
                    return Future.succeededFuture(said == 1 ? Lookup.LEAD : said == 0 ? Lookup.FOLLOW : miss);
                })
                // a late answer may still take the lock: leading with it releases it
                .recover(e -> failed(key, e, lockMillis > 0 ? Lookup.LEAD : miss));
    }

    private Future<Lookup> failed(CacheKey key, Throwable e, Lookup miss) {
        metrics.cache(key.gateway(), "lookup_error");
        LOG.debugf("Cache lookup failed, treated as a miss: %s", e.toString());
        return Future.succeededFuture(miss);
    }

    /** A stored entry's response; an unreadable one (older layout) is a miss, and is overwritten by its store. */
    private Lookup decoded(CacheKey key, Response entry, Lookup miss) {
        CachedResponse cached = CachedResponse.decode(entry.toBuffer());
        if (cached != null) {
            return new Lookup.Hit(cached);
        }
        metrics.cache(key.gateway(), "decode_error");
        return miss;
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
        Buffer[] encoding = new Buffer[1];
        Supplier<List<Op>> mine = () -> {
            if (found.leads()) {
                local.land(key.entry(), response);
            }
            encoding[0] = response == null ? null : response.encode();
            return ops(key, owner, encoding[0], ttlSeconds, found);
        };
        Future<List<Boolean>> sent;
        if (end != null) {
            sent = end.add(mine); // added even when working it out fails: the settlement in the batch still goes
        } else {
            List<Op> ops = mine.get();
            if (ops.isEmpty()) {
                return;
            }
            sent = redis.batch(ops, STORE_TIMEOUT);
        }
        Buffer encoded = encoding[0];
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

    /** The store (with the lock's release when the request holds it), or the release alone without a response. */
    private List<Op> ops(CacheKey key, String owner, Buffer encoded, long ttlSeconds, Lookup found) {
        if (encoded == null) {
            return found.locked() ? List.of(RedisCalls.script(unlock, List.of(key.lock()), List.of(owner))) : List.of();
        }
        if (found.locked()) {
            return List.of(RedisCalls.script(
                    store,
                    List.of(key.entry(), key.lock()),
                    List.of(encoded, Long.toString(ttlSeconds * 1000), owner)));
        }
        return List.of(RedisCalls.command(
                Request.cmd(Command.SET).arg(key.entry()).arg(encoded).arg("PX").arg(ttlSeconds * 1000)));
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
