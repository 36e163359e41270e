package dev.aigateway.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.cache.CacheKey;
import dev.aigateway.cache.CachedResponse;
import dev.aigateway.config.SemanticConfig;
import dev.aigateway.config.SemanticMode;
import dev.aigateway.gateway.GatewaySettingsMapper;
import dev.aigateway.gateway.SemanticCacheSettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (each its own Vert.x, Redis connections, index and poller) on one Redis: an entry stored through one
 * is served by the other, and its expiry is honoured there; Redis down and a full embedding pool are misses that
 * succeed.
 */
// In the Quarkus application's class loader, as SemanticCacheTest: the tokenizer's native library loads once per JVM
// and class loader, so every test that embeds runs in the same one.
@io.quarkus.test.junit.QuarkusTest
class SemanticReplicaTest {

    private static final Embedder EMBEDDER = new Embedder(2, 16);

    private final TestRedis redisA = new TestRedis();
    private final TestRedis redisB = new TestRedis();
    /** Unique per test run: a gateway of its own, so earlier runs' entries never answer. */
    private final String gateway = "replica-" + UUID.randomUUID();

    private static final java.util.List<SemanticCache> REPLICAS = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        REPLICAS.forEach(SemanticCache::close);
        REPLICAS.clear();
        redisA.close();
        redisB.close();
    }

    @AfterAll
    static void closeEmbedder() {
        EMBEDDER.close();
    }

    static SemanticConfig config() {
        return config(Duration.ofMillis(50));
    }

    static SemanticConfig config(Duration pollInterval) {
        return new SemanticConfig() {
            public int workers() {
                return 2;
            }

            public int queue() {
                return 16;
            }

            public boolean preload() {
                return false;
            }

            public int maxTextChars() {
                return 4000;
            }

            public Duration pollInterval() {
                return pollInterval;
            }

            public Duration lookupTimeout() {
                return Duration.ofSeconds(2);
            }

            public double minThreshold() {
                return GatewaySettingsMapper.SEMANTIC_MIN_THRESHOLD;
            }
        };
    }

    /** A replica as at start-up: reading the shared stream. */
    private static SemanticCache replica(Redis redis, Vertx vertx, Embedder embedder) {
        return replica(redis, vertx, embedder, Duration.ofMillis(50), 1000);
    }

    private static SemanticCache replica(
            Redis redis, Vertx vertx, Embedder embedder, Duration pollInterval, int maxEntries) {
        SemanticCache cache = new SemanticCache(
                embedder,
                new RedisCalls(redis, vertx),
                new GatewayMetrics(new SimpleMeterRegistry()),
                vertx,
                config(pollInterval),
                g -> maxEntries);
        cache.start();
        REPLICAS.add(cache);
        return cache;
    }

    private dev.aigateway.gateway.GatewaySettings settings(long ttlSeconds) {
        return settings(ttlSeconds, 1000);
    }

    private dev.aigateway.gateway.GatewaySettings settings(long ttlSeconds, int maxEntries) {
        dev.aigateway.gateway.GatewaySettings defaults = GatewaySettingsMapper.defaults(gateway);
        return new dev.aigateway.gateway.GatewaySettings(
                defaults.id(),
                defaults.authentication(),
                defaults.tokenDigests(),
                defaults.cacheTtl(),
                defaults.collectLogs(),
                defaults.rateLimitingLimit(),
                defaults.rateLimitingInterval(),
                defaults.rateLimitingTechnique(),
                defaults.retryMaxAttempts(),
                defaults.retryDelay(),
                defaults.retryBackoff(),
                defaults.logManagement(),
                defaults.logManagementStrategy(),
                defaults.storedKeys(),
                defaults.rateLimitingFailOpen(),
                defaults.limits(),
                defaults.allowUnauthenticatedStoredKeys(),
                defaults.trustedProxies(),
                new SemanticCacheSettings(true, 0.92, ttlSeconds, SemanticMode.SERVE, maxEntries),
                defaults.loadBalancing(),
                defaults.spendLimits());
    }

    private static Buffer chat(String question) {
        return Buffer.buffer(new JsonObject()
                .put("model", "gpt-4o-mini")
                .put(
                        "messages",
                        new JsonArray().add(new JsonObject().put("role", "user").put("content", question)))
                .encode());
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Probe lookup(SemanticCache cache, dev.aigateway.gateway.GatewaySettings settings, String question)
            throws Exception {
        byte[] scope = gateway.getBytes();
        return get(cache.lookup(
                settings, WireFormat.OPENAI_CHAT, chat(question), scope, new SemanticDirective(false, 0.92)));
    }

    private static CachedResponse response(String body) {
        return CachedResponse.of(
                200,
                MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
                Buffer.buffer(body),
                System.currentTimeMillis());
    }

    @Test
    void anEntryStoredThroughOneReplicaIsServedByTheOther() throws Exception {
        SemanticCache a = replica(redisA.client(), redisA.vertx(), EMBEDDER);
        SemanticCache b = replica(redisB.client(), redisB.vertx(), EMBEDDER);
        var settings = settings(300);

        Probe miss = lookup(a, settings, "How do I generate an SSH key?");
        assertThat(miss.kind()).isEqualTo(Probe.Kind.MISS);
        a.store(gateway, settings.semanticCache(), miss, response("{\"answer\":\"ssh-keygen\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> b.size(gateway) == 1);

        Probe served = lookup(b, settings, "How can I generate an SSH key?");

        assertThat(served.kind()).isEqualTo(Probe.Kind.HIT);
        assertThat(served.response().body().toString()).isEqualTo("{\"answer\":\"ssh-keygen\"}");
        assertThat(served.similarity()).isGreaterThanOrEqualTo(0.92);
    }

    @Test
    void anExpiredEntryIsNotServedByTheOtherReplica() throws Exception {
        SemanticCache a = replica(redisA.client(), redisA.vertx(), EMBEDDER);
        SemanticCache b = replica(redisB.client(), redisB.vertx(), EMBEDDER);
        var settings = settings(1);

        Probe miss = lookup(a, settings, "What is the chemical formula of water?");
        a.store(gateway, settings.semanticCache(), miss, response("{\"answer\":\"H2O\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> b.size(gateway) == 1);
        assertThat(lookup(b, settings, "What's water's chemical formula?").kind())
                .isEqualTo(Probe.Kind.HIT);

        Thread.sleep(1200);

        assertThat(lookup(b, settings, "What's water's chemical formula?").kind())
                .as("expired: its TTL was 1 s")
                .isEqualTo(Probe.Kind.MISS);
    }

    @Test
    void redisDownIsAMissThatSucceeds() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Redis dead = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:1"));
            SemanticCache cache = replica(dead, vertx, EMBEDDER);
            var settings = settings(300);

            Probe probe = lookup(cache, settings, "How do I kill a process on Linux?");
            assertThat(probe.kind()).isIn(Probe.Kind.MISS, Probe.Kind.SKIPPED);
            cache.store(gateway, settings.semanticCache(), probe, response("{}")); // dropped, no exception
        } finally {
            vertx.close();
        }
    }

    @Test
    void aFullEmbeddingPoolSkipsTheLookup() throws Exception {
        Embedder small = new Embedder(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            small.submit(() -> release.await(10, TimeUnit.SECONDS)); // the one worker
            small.submit(() -> release.await(10, TimeUnit.SECONDS)); // the one queue slot
            SemanticCache cache = replica(redisA.client(), redisA.vertx(), small);

            Probe probe = lookup(cache, settings(300), "How do I list all Docker containers?");

            assertThat(probe.kind()).isEqualTo(Probe.Kind.SKIPPED);
        } finally {
            release.countDown();
            small.close();
        }
    }

    @Test
    void partitionsOfOtherScopesAreNeverSearched() throws Exception {
        SemanticCache a = replica(redisA.client(), redisA.vertx(), EMBEDDER);
        var settings = settings(300);
        Probe miss = lookup(a, settings, "Who painted the Mona Lisa?");
        a.store(gateway, settings.semanticCache(), miss, response("{}"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.size(gateway) == 1);

        byte[] otherScope = CacheKey.entryPrefix("elsewhere").getBytes();
        Probe other = get(a.lookup(
                settings,
                WireFormat.OPENAI_CHAT,
                chat("Who painted the Mona Lisa?"),
                otherScope,
                new SemanticDirective(false, 0.92)));

        assertThat(other.kind()).isEqualTo(Probe.Kind.MISS);
        assertThat(other.similarity()).as("nothing searched: another partition").isNaN();
    }

    /** Looks a question up (a miss), stores an answer for it and waits until this replica has indexed it. */
    private void stored(
            SemanticCache cache, dev.aigateway.gateway.GatewaySettings settings, String question, long added)
            throws Exception {
        Probe miss = lookup(cache, settings, question);
        assertThat(miss.kind()).as(question).isEqualTo(Probe.Kind.MISS);
        cache.store(gateway, settings.semanticCache(), miss, response("{\"q\":\"" + question + "\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cache.added(gateway) == added);
    }

    @Test
    void aReplicaNeverIndexesAgainItsOwnEntryItHasEvicted() throws Exception {
        // the poller reads this replica's own announcements only after all three stores and the eviction
        SemanticCache a = replica(redisA.client(), redisA.vertx(), EMBEDDER, Duration.ofSeconds(1), 2);
        var settings = settings(300, 2);
        stored(a, settings, "How do I reverse a string in Python?", 1);
        stored(a, settings, "What is the boiling point of water at sea level?", 2);
        assertThat(lookup(a, settings, "What's the way to reverse a string in Python?")
                        .kind())
                .as("the oldest entry, served: now the most recently used")
                .isEqualTo(Probe.Kind.HIT);
        stored(a, settings, "How many legs does a spider have?", 3); // evicts the boiling point

        Awaitility.await()
                .during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> a.added(gateway) == 3);

        assertThat(a.size(gateway)).isEqualTo(2);
        assertThat(lookup(a, settings, "At sea level, what is the boiling point of water?")
                        .kind())
                .as("evicted here, and not brought back by its own stream record")
                .isEqualTo(Probe.Kind.MISS);
        Probe reverse = lookup(a, settings, "How can I reverse a string in Python?");
        assertThat(reverse.kind())
                .as("kept: served after the boiling point was stored")
                .isEqualTo(Probe.Kind.HIT);
        assertThat(reverse.response().body().toString()).contains("reverse a string");
    }
}
