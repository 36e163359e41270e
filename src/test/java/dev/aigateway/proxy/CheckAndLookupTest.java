package dev.aigateway.proxy;

import static dev.aigateway.config.LimitUnit.REQUESTS;
import static dev.aigateway.config.RateLimitTechnique.FIXED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.cache.CacheKey;
import dev.aigateway.cache.CachedResponse;
import dev.aigateway.cache.ResponseCache;
import dev.aigateway.cache.ResponseCache.Lookup;
import dev.aigateway.config.CacheConfig;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.ratelimit.GatewayClock;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.RateLimiter.Decision;
import dev.aigateway.redis.EndBatch;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limit check and the cache lookup in one Redis call: a miss leads with the lock, a hit is answered, a refused
 * request looks nothing up and locks nothing, an unreadable entry is a counted miss; without single flight no lock is
 * taken (nor released).
 */
class CheckAndLookupTest {

    private final TestRedis redis = new TestRedis();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RedisCalls calls = new RedisCalls(redis.client(), redis.vertx());
    private final RateLimiter limiter = new RateLimiter(calls, new GatewayClock(), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        redis.close();
    }

    private ResponseCache cache(boolean singleFlight) {
        return new ResponseCache(calls, new GatewayMetrics(registry), redis.vertx(), new CacheConfig() {
            public Duration lookupTimeout() {
                return Duration.ofSeconds(5);
            }

            public MemorySize maxBodyBytes() {
                return new MemorySize(BigInteger.valueOf(1 << 20));
            }

            public Duration coalesceTimeout() {
                return Duration.ofSeconds(10);
            }

            public boolean singleFlight() {
                return singleFlight;
            }

            public Duration coalescePollInterval() {
                return Duration.ofMillis(20);
            }
        });
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CacheKey key() {
        return CacheKey.custom("g", "k-" + UUID.randomUUID(), new byte[32]);
    }

    private static List<Charge> charge(long limit) {
        LimitRule rule = LimitRule.of("per-key", "header:x-key", limit, 60, FIXED, REQUESTS);
        return List.of(Charge.of("g-" + UUID.randomUUID(), rule, "k", 1));
    }

    private boolean locked(CacheKey key) {
        return redis.send(Command.EXISTS, key.lock()).toInteger() == 1;
    }

    private double events(String event) {
        Counter c = registry.find("gateway.cache.events").tag("event", event).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void oneCallCountsLooksUpAndLocksThenAnswersTheNextFromTheCache() throws Exception {
        ResponseCache cache = cache(true);
        CheckAndLookup both = new CheckAndLookup(limiter, cache, calls);
        CacheKey key = key();
        List<Charge> charges = charge(10);

        CheckAndLookup.Both first = both.run(charges, true, key, "r1", true);
        Decision decision = get(first.limits());
        Lookup found = get(first.lookup());

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.headroom().remaining()).isEqualTo(9);
        assertThat(found.leads()).isTrue();
        assertThat(found.locked()).isTrue();
        assertThat(locked(key)).isTrue();

        CachedResponse response = CachedResponse.of(
                200,
                MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
                Buffer.buffer("{}"),
                1);
        EndBatch end = both.endBatch(); // the store's party, and the settlement's (nothing to settle here)
        cache.complete(key, "r1", response, 60, found, end);
        assertThat(events("stored")).as("waits for the other party").isZero();
        end.add(List.of());
        Awaitility.await().until(() -> events("stored") == 1);
        assertThat(locked(key)).as("released with the store").isFalse();

        CheckAndLookup.Both second = both.run(charges, true, key, "r2", true);
        assertThat(get(second.limits()).headroom().remaining()).isEqualTo(8);
        assertThat(get(second.lookup())).isInstanceOf(Lookup.Hit.class);
    }

    @Test
    void aHitGivesItsTokenReservationBackInTheSameCall() throws Exception {
        ResponseCache cache = cache(true);
        CheckAndLookup both = new CheckAndLookup(limiter, cache, calls);
        CacheKey key = key();
        CachedResponse stored = CachedResponse.of(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), 1);
        cache.complete(key, "r0", stored, 60, Lookup.FOLLOW, null); // stored without a lock: a plain SET
        Awaitility.await().until(() -> events("stored") == 1);
        LimitRule tokens =
                LimitRule.of("tokens", "header:x-key", 1000, 60, FIXED, dev.aigateway.config.LimitUnit.TOKENS);
        Charge charge = Charge.of("g-" + UUID.randomUUID(), tokens, "k", 300);

        CheckAndLookup.Both hit = both.run(List.of(charge), true, key, "r1", true);
        Decision decision = get(hit.limits());

        assertThat(get(hit.lookup())).isInstanceOf(Lookup.Hit.class);
        assertThat(decision.headroom().remaining())
                .as("the check's view, as a hit's headers always showed")
                .isEqualTo(700);
        assertThat(((Decision.Allowed) decision).reservations()).singleElement().satisfies(r -> assertThat(r.reserved())
                .isZero());
        assertThat(redis.send(Command.HVALS, charge.counter()).stream()
                        .mapToLong(v -> v.toLong())
                        .sum())
                .isZero();
        redis.send(Command.DEL, key.entry());
    }

    @Test
    void aRefusedRequestLooksNothingUpAndLocksNothing() throws Exception {
        CheckAndLookup both = new CheckAndLookup(limiter, cache(true), calls);
        CacheKey key = key();
        List<Charge> charges = charge(1);
        get(both.run(charges, true, key(), "r0", true).lookup()); // uses the one request the limit allows

        CheckAndLookup.Both refused = both.run(charges, true, key, "r1", true);

        assertThat(get(refused.limits()).allowed()).isFalse();
        assertThat(get(refused.lookup()).locked()).isFalse();
        assertThat(locked(key)).isFalse();
    }

    @Test
    void anUnreadableEntryIsACountedMiss() throws Exception {
        CheckAndLookup both = new CheckAndLookup(limiter, cache(true), calls);
        CacheKey key = key();
        redis.send(Command.SET, key.entry(), "not an entry", "PX", 60_000);

        Lookup found = get(both.run(charge(10), true, key, "r1", true).lookup());

        assertThat(found).isNotInstanceOf(Lookup.Hit.class);
        assertThat(found.leads())
                .as("this replica's identical requests wait on it")
                .isTrue();
        assertThat(events("decode_error")).isEqualTo(1);
        redis.send(Command.DEL, key.entry());
    }

    @Test
    void withoutSingleFlightNoLockIsTaken() throws Exception {
        ResponseCache cache = cache(false);
        CacheKey alone = key();
        Lookup found = get(cache.lookup(alone, "r1", true));
        assertThat(found.leads()).as("leads on this replica").isTrue();
        assertThat(found.locked()).isFalse();
        assertThat(locked(alone)).isFalse();

        CacheKey combined = key();
        Lookup viaLimits = get(new CheckAndLookup(limiter, cache, calls)
                .run(charge(10), true, combined, "r2", true)
                .lookup());
        assertThat(viaLimits.locked()).isFalse();
        assertThat(locked(combined)).isFalse();
        cache.complete(alone, "r1", null, 60, found, null);
        cache.complete(combined, "r2", null, 60, viaLimits, null);
    }

    @Test
    void aStreamingRequestTakesNoLock() throws Exception {
        CacheKey key = key();
        Lookup found = get(new CheckAndLookup(limiter, cache(true), calls)
                .run(charge(10), true, key, "r1", false)
                .lookup());
        assertThat(found).isInstanceOf(Lookup.Follow.class);
        assertThat(locked(key)).isFalse();
    }

    private static Charge tokens(long cost) {
        LimitRule rule = LimitRule.of("tokens", "header:x-key", 1000, 60, FIXED, dev.aigateway.config.LimitUnit.TOKENS);
        return Charge.of("g-" + UUID.randomUUID(), rule, "k", cost);
    }

    private long counted(Charge charge) {
        return redis.send(Command.HVALS, charge.counter()).stream()
                .mapToLong(v -> v.toLong())
                .sum();
    }

    @Test
    void aLargeEntryStaysOutOfTheChecksAnswerAndIsReadOnItsOwn() throws Exception {
        ResponseCache cache = cache(true);
        CheckAndLookup both = new CheckAndLookup(limiter, cache, calls);
        CacheKey key = key();
        Buffer body = Buffer.buffer("y".repeat(ResponseCache.INLINE_MAX_BYTES + 1));
        cache.complete(key, "r0", CachedResponse.of(200, MultiMap.caseInsensitiveMultiMap(), body, 1), 60, false);
        Awaitility.await().until(() -> events("stored") == 1);
        Charge charge = tokens(300);

        RateLimiter.Checked checked = limiter.checkWith(
                List.of(charge),
                true,
                List.of(key.entry(), key.lock()),
                List.of("r1", "0", Integer.toString(ResponseCache.INLINE_MAX_BYTES)),
                null);
        assertThat(get(checked.tail()).get(0).toInteger())
                .as("the answer says the entry is there, without it")
                .isEqualTo(2);
        assertThat(((Decision.Allowed) get(checked.decision())).reservations())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.reserved()).isZero();
                    assertThat(r.givenBack()).isEqualTo(300);
                });

        CheckAndLookup.Both hit = both.run(List.of(charge), true, key, "r2", true);
        Lookup found = get(hit.lookup());
        assertThat(found).isInstanceOf(Lookup.Hit.class);
        assertThat(((Lookup.Hit) found).response().body()).isEqualTo(body);
        assertThat(get(hit.limits()).allowed()).isTrue();
        assertThat(counted(charge)).as("hits cost no tokens").isZero();
        redis.send(Command.DEL, key.entry());
    }

    @Test
    void anUnreadableEntrysGivenBackReservationIsCountedAgainForTheTripUpstream() throws Exception {
        CheckAndLookup both = new CheckAndLookup(limiter, cache(true), calls);
        CacheKey key = key();
        redis.send(Command.SET, key.entry(), "not an entry", "PX", 60_000);
        Charge charge = tokens(300);

        CheckAndLookup.Both run = both.run(List.of(charge), true, key, "r1", true);
        assertThat(get(run.lookup())).isNotInstanceOf(Lookup.Hit.class);
        List<RateLimiter.Reservation> reservations = ((Decision.Allowed) get(run.limits())).reservations();
        assertThat(counted(charge)).as("given back on finding the entry").isZero();

        List<RateLimiter.Reservation> upstream = limiter.recharge(reservations);
        assertThat(upstream).singleElement().satisfies(r -> assertThat(r.reserved())
                .isEqualTo(300));
        Awaitility.await().until(() -> counted(charge) == 300);

        limiter.settle(upstream, 7); // the response's usage, as a miss's
        Awaitility.await().until(() -> counted(charge) == 7);
        redis.send(Command.DEL, key.entry());
    }

    @Test
    void aStoreThatCannotBeWorkedOutStillLetsTheSettlementGo() throws Exception {
        ResponseCache cache = cache(true);
        CheckAndLookup both = new CheckAndLookup(limiter, cache, calls);
        CacheKey key = key();
        String counter = "aigw:test:settle:" + UUID.randomUUID();
        EndBatch end = both.endBatch();
        Future<List<Boolean>> settlement = end.add(List.of(RedisCalls.command(
                io.vertx.redis.client.Request.cmd(Command.INCRBY).arg(counter).arg(5))));
        CachedResponse broken = new CachedResponse(200, List.of(), null, 1); // no body: encoding it throws

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> cache.complete(key, "r1", broken, 60, Lookup.FOLLOW, end))
                .isInstanceOf(NullPointerException.class);

        assertThat(get(settlement)).containsExactly(true);
        assertThat(redis.send(Command.GET, counter).toInteger()).isEqualTo(5);
        redis.send(Command.DEL, counter);
    }
}
