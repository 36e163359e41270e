package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact cache seen from the client (status header, body) and from the provider (how many calls it got). */
@QuarkusTest
class CacheTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final TestRedis redis = new TestRedis();

    private final AtomicInteger served = new AtomicInteger();
    /** Unique per test, so entries of earlier runs (Redis outlives the test JVM) never answer. */
    private String nonce;

    @BeforeEach
    void numberedAnswers() {
        nonce = UUID.randomUUID().toString();
        upstream.on(CHAT, (req, body) -> req.response()
                .putHeader("content-type", "application/json")
                .putHeader("x-request-id", "req-" + served.get())
                .end("{\"answer\":" + served.incrementAndGet() + "}"));
    }

    @AfterAll
    static void closeRedis() {
        redis.close();
    }

    private String body(String text) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + " " + nonce
                + "\"}]}";
    }

    private Response post(String gatewayId, String body, Map<String, String> headers) {
        return postChat(gatewayId, body, headers);
    }

    private Response post(String gatewayId, String body) {
        return post(gatewayId, body, Map.of());
    }

    @Test
    void identicalRequestIsServedFromCacheWithoutCallingTheProvider() {
        Response first = post("cached", body("hello"));
        Response second = post("cached", body("hello"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(second.header("content-type")).isEqualTo("application/json");
        assertThat(second.header("x-request-id")).isEqualTo(first.header("x-request-id"));
        assertThat(second.header("cf-aig-log-id")).isNotEqualTo(first.header("cf-aig-log-id"));
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void differentCredentialMisses() {
        post("cached", body("hello"));
        Response other = given().baseUri(gateway.toString())
                .header("authorization", "Bearer sk-someone-else")
                .contentType("application/json")
                .body(body("hello"))
                .post("v1/acct/cached/openai/v1/chat/completions");

        assertThat(other.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void oneChangedBodyByteMisses() {
        post("cached", body("hello"));
        Response changed = post("cached", body("hellp"));

        assertThat(changed.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(changed.asString()).isEqualTo("{\"answer\":2}");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void behaviourChangingHeaderMisses() {
        post("cached", body("hello"), Map.of("OpenAI-Project", "proj-a"));
        Response other = post("cached", body("hello"), Map.of("OpenAI-Project", "proj-b"));

        assertThat(other.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void errorsAreNotCached() {
        upstream.onJson(CHAT, 500, "{\"error\":{\"message\":\"boom\"}}");
        Response first = post("cached", body("hello"));
        Response second = post("cached", body("hello"));

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(second.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void skipCacheFetchesFreshAndRefreshesTheEntry() {
        post("cached", body("hello"));
        Response skipped = post("cached", body("hello"), Map.of("cf-aig-skip-cache", "true"));
        Response legacySkipped = post("cached", body("hello"), Map.of("cf-skip-cache", "true"));
        // the refreshed entry is stored once the response has gone (fire and forget): give that store time to land
        // before reading, or the read can still find the entry it replaces
        sleepMillis(300);
        Response after = post("cached", body("hello"));

        assertThat(skipped.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(skipped.asString()).isEqualTo("{\"answer\":2}");
        assertThat(legacySkipped.asString()).isEqualTo("{\"answer\":3}");
        assertThat(after.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(after.asString()).isEqualTo("{\"answer\":3}");
        assertThat(upstream.received()).hasSize(3);
    }

    @Test
    void gatewayWithoutCacheTtlDoesNotCacheOrSayCacheStatus() {
        Response first = post("open", body("hello"));
        Response second = post("open", body("hello"));

        assertThat(first.header("cf-aig-cache-status")).isNull();
        assertThat(second.header("cf-aig-cache-status")).isNull();
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void ttlHeaderTurnsCachingOnPerRequest() {
        Response first = post("open", body("hello"), Map.of("cf-aig-cache-ttl", "120"));
        Response second = post("open", body("hello"), Map.of("cf-aig-cache-ttl", "120"));

        assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(second.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void ttlZeroTurnsCachingOffOnACachedGateway() {
        post("cached", body("hello"), Map.of("cf-aig-cache-ttl", "0"));
        Response second = post("cached", body("hello"), Map.of("cf-aig-cache-ttl", "0"));

        assertThat(second.header("cf-aig-cache-status")).isNull();
        assertThat(upstream.received()).hasSize(2);
    }

    /** TTLs are read where they are enforced: on the Redis entry, found through the client's own cache key. */
    @Test
    void ttlRules() {
        assertThat(storedTtl("open", Map.of()))
                .as("custom key, caching off, no TTL → 300 s")
                .isEqualTo(300);
        assertThat(storedTtl("cached", Map.of())).as("gateway cache-ttl").isEqualTo(300);
        assertThat(storedTtl("open", Map.of("cf-aig-cache-ttl", "30")))
                .as("below the minimum")
                .isEqualTo(60);
        assertThat(storedTtl("open", Map.of("cf-aig-cache-ttl", "7200"))).isEqualTo(7200);
        assertThat(storedTtl("cached", Map.of("cf-cache-ttl", "900")))
                .as("legacy header")
                .isEqualTo(900);
        assertThat(storedTtl("open", Map.of("cf-aig-cache-ttl", "99999999")))
                .as("above one month")
                .isEqualTo(30L * 24 * 3600);
        assertThat(storedTtl("cached", Map.of("cf-aig-cache-ttl", "soon")))
                .as("an invalid header is ignored")
                .isEqualTo(300);
    }

    /** The Redis entry of a {@code cf-aig-cache-key} sent with the test client's key ({@code sk-client}). */
    private static String customEntry(String gatewayId, String key) {
        io.vertx.core.MultiMap headers =
                io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer sk-client");
        return CacheKey.custom(gatewayId, key, CacheKey.credential(headers, java.util.List.of("authorization"), ""))
                .entry();
    }

    private long storedTtl(String gatewayId, Map<String, String> headers) {
        String key = "k-" + UUID.randomUUID();
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("cf-aig-cache-key", key);
        assertThat(post(gatewayId, body("ttl"), all).header("cf-aig-cache-status"))
                .isEqualTo("MISS");
        String entry = customEntry(gatewayId, key);
        org.awaitility.Awaitility.await().until(() -> redis.pttl(entry) > 0); // stored after the response
        return Math.round(redis.pttl(entry) / 1000.0);
    }

    @Test
    void expiredEntryMissesAgain() {
        String key = "k-" + UUID.randomUUID();
        post("cached", body("one"), Map.of("cf-aig-cache-key", key));
        String entry = customEntry("cached", key);
        org.awaitility.Awaitility.await().until(() -> redis.pttl(entry) > 0);
        redis.send(Command.PEXPIRE, entry, 1); // the TTL runs out

        org.awaitility.Awaitility.await().until(() -> redis.pttl(entry) == -2);
        Response after = post("cached", body("one"), Map.of("cf-aig-cache-key", key));

        assertThat(after.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void customKeyReplacesTheComputedKey() {
        String key = "k-" + UUID.randomUUID();
        post("cached", body("first question"), Map.of("cf-aig-cache-key", key));
        Response other = post("cached", body("another question"), Map.of("cf-aig-cache-key", key));

        assertThat(other.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(other.asString()).isEqualTo("{\"answer\":1}");
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void statefulAndSampledRequestsAreNeverCached() {
        String stateful = "{\"model\":\"gpt-4o\",\"previous_response_id\":\"resp_1\",\"input\":\"" + nonce + "\"}";
        String sampled = "{\"model\":\"gpt-4o\",\"n\":3,\"temperature\":0.8,\"input\":\"" + nonce + "\"}";
        for (String b : List.of(stateful, stateful, sampled, sampled)) {
            assertThat(post("cached", b).header("cf-aig-cache-status")).isNull();
        }
        assertThat(upstream.received()).hasSize(4);
    }

    /** Stateful and media APIs are never cached, whatever their body says: the call's wire format decides. */
    @Test
    void statefulAndMediaApisAreNeverCached() {
        List<String> paths = List.of("v1/images/generations", "v1/threads/thread_1/messages", "v1/responses/resp_1");
        for (String path : paths) {
            upstream.onJson("/openai/" + path, 200, "{\"id\":\"x\"}");
        }
        for (String path : paths) {
            for (int i = 0; i < 2; i++) {
                Response r = given().baseUri(gateway.toString())
                        .header("authorization", "Bearer sk-client")
                        .contentType("application/json")
                        .body(body("stateful " + path))
                        .post("v1/acct/cached/openai/" + path);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.header("cf-aig-cache-status")).as(path).isNull();
            }
        }
        assertThat(upstream.received()).hasSize(2 * paths.size());
    }

    @Test
    void concurrentIdenticalMissesMakeOneProviderCall() throws Exception {
        upstream.on(CHAT, (req, body) -> upstream.vertx().setTimer(400, t -> req.response()
                .putHeader("content-type", "application/json")
                .end("{\"answer\":" + served.incrementAndGet() + "}")));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<Response>> calls = IntStream.range(0, 10)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> post("cached", body("together")), pool))
                    .toList();
            List<Response> responses =
                    calls.stream().map(CompletableFuture::join).toList();

            assertThat(responses).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.asString()).isEqualTo("{\"answer\":1}");
            });
            assertThat(responses.stream().filter(r -> "MISS".equals(r.header("cf-aig-cache-status"))))
                    .hasSize(1);
            assertThat(upstream.received()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeDeletesOneGatewaysEntries() {
        post("cached", body("purge me"));
        post("open", body("keep me"), Map.of("cf-aig-cache-ttl", "600"));
        org.awaitility.Awaitility.await().until(() -> post("cached", body("purge me"))
                .header("cf-aig-cache-status")
                .equals("HIT"));

        given().baseUri(gateway.toString())
                .delete("client/v4/accounts/acct/ai-gateway/gateways/cached/cache")
                .then()
                .statusCode(401)
                .body("success", org.hamcrest.Matchers.is(false));
        Response purged = given().baseUri(gateway.toString())
                .header("authorization", "Bearer admin-secret")
                .delete("client/v4/accounts/acct/ai-gateway/gateways/cached/cache");

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(purged.jsonPath().getBoolean("success")).isTrue();
        assertThat(purged.jsonPath().getLong("result.deleted")).isGreaterThanOrEqualTo(1);
        assertThat(post("cached", body("purge me")).header("cf-aig-cache-status"))
                .isEqualTo("MISS");
        assertThat(post("open", body("keep me"), Map.of("cf-aig-cache-ttl", "600"))
                        .header("cf-aig-cache-status"))
                .isEqualTo("HIT");
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
