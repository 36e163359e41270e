package dev.aigateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.config.CacheConfig;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (each its own Vert.x, Redis connections and cache) coalesce identical misses through the Redis lock:
 * the second waits for the first's response instead of calling the provider.
 */
class ReplicaCoalescingTest {

    private final TestRedis redisA = new TestRedis();
    private final TestRedis redisB = new TestRedis();

    @AfterEach
    void close() {
        redisA.close();
        redisB.close();
    }

    private static ResponseCache replica(TestRedis redis) {
        CacheConfig config = new CacheConfig() {
            public Duration lookupTimeout() {
                return Duration.ofSeconds(2);
            }

            public MemorySize maxBodyBytes() {
                return new MemorySize(java.math.BigInteger.valueOf(25L << 20));
            }

            public Duration coalesceTimeout() {
                return Duration.ofSeconds(10);
            }

            public Duration coalescePollInterval() {
                return Duration.ofMillis(20);
            }

            public boolean singleFlight() {
                return true;
            }
        };
        return new ResponseCache(
                new RedisCalls(redis.client(), redis.vertx()),
                new GatewayMetrics(new SimpleMeterRegistry()),
                redis.vertx(),
                config);
    }

    private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void secondReplicaWaitsForTheFirstReplicasResponse() throws Exception {
        ResponseCache a = replica(redisA);
        ResponseCache b = replica(redisB);
        CacheKey key = CacheKey.custom("g", "k-" + UUID.randomUUID(), new byte[0]);

        ResponseCache.Lookup leader = get(a.lookup(key, "request-a"));
        CompletableFuture<ResponseCache.Lookup> follower =
                b.lookup(key, "request-b").toCompletionStage().toCompletableFuture();
        Thread.sleep(200);
        assertThat(leader).isInstanceOf(ResponseCache.Lookup.Lead.class);
        assertThat(follower).as("waiting while replica A calls the provider").isNotDone();

        CachedResponse response = CachedResponse.of(
                200,
                MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
                Buffer.buffer("{}"),
                1);
        a.complete(key, "request-a", response, 60, true);

        ResponseCache.Lookup served = follower.get(10, TimeUnit.SECONDS);
        assertThat(served).isInstanceOf(ResponseCache.Lookup.Hit.class);
        assertThat(((ResponseCache.Lookup.Hit) served).response().body().toString())
                .isEqualTo("{}");
    }

    @Test
    void secondReplicaGoesUpstreamWhenTheFirstHasNothingCacheable() throws Exception {
        ResponseCache a = replica(redisA);
        ResponseCache b = replica(redisB);
        CacheKey key = CacheKey.custom("g", "k-" + UUID.randomUUID(), new byte[0]);

        assertThat(get(a.lookup(key, "request-a"))).isInstanceOf(ResponseCache.Lookup.Lead.class);
        CompletableFuture<ResponseCache.Lookup> follower =
                b.lookup(key, "request-b").toCompletionStage().toCompletableFuture();
        Thread.sleep(100);
        a.complete(key, "request-a", null, 60, true); // e.g. the provider answered 500

        ResponseCache.Lookup found = follower.get(10, TimeUnit.SECONDS);
        assertThat(found).as("not a hit: goes upstream itself, leading").isInstanceOf(ResponseCache.Lookup.Lead.class);
    }
}
