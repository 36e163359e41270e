package dev.aigateway.semantic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.LocalRedisServer;
import dev.aigateway.testing.OwnRedisProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP, on a gateway with the semantic cache: Redis going away, and a full embedding pool, never fail a chat
 * request — the provider answers (a miss), quickly, and the skip is counted. The gateway talks to a Redis of this
 * test's own, which it stops; one embedding worker and one queue slot, which it fills.
 */
@QuarkusTest
@TestProfile(SemanticOutageTest.OwnRedisOneWorker.class)
class SemanticOutageTest extends GatewayTest {

    public static class OwnRedisOneWorker extends OwnRedisProfile {
        public OwnRedisOneWorker() {
            super(Map.of(
                    "gateway.cache.lookup-timeout", "300ms",
                    "gateway.semantic.lookup-timeout", "300ms",
                    "gateway.semantic.workers", "1",
                    "gateway.semantic.queue", "1"));
        }
    }

    private static final String CHAT = "/openai/v1/chat/completions";

    @Inject
    SemanticCache semantic;

    @Inject
    Embedder embedder;

    private final AtomicInteger served = new AtomicInteger();
    private String nonce;

    @BeforeEach
    void numberedAnswers() {
        nonce = UUID.randomUUID().toString();
        upstream.on(CHAT, (req, body) -> req.response()
                .putHeader("content-type", "application/json")
                .end("{\"answer\":" + served.incrementAndGet() + "}"));
    }

    @AfterEach
    void redisBack() {
        LocalRedisServer.restartServer();
    }

    private String body(String question) {
        return new JsonObject()
                .put("model", "gpt-4o-mini")
                .put(
                        "messages",
                        new JsonArray()
                                .add(new JsonObject().put("role", "system").put("content", "You are terse. " + nonce))
                                .add(new JsonObject().put("role", "user").put("content", question)))
                .encode();
    }

    private Response post(String question) {
        return postChat("semantic", body(question), Map.of());
    }

    private String metrics() {
        return given().baseUri(gateway.toString()).get("q/metrics").asString();
    }

    private static double counter(String metrics, String event) {
        String prefix = "gateway_semantic_cache_events_total{event=\"" + event + "\",gateway=\"semantic\"} ";
        return metrics.lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst()
                .orElse(0);
    }

    @Test
    void withRedisDownAParaphraseIsAMissTheProviderAnswers() {
        long before = semantic.added("semantic");
        assertThat(post("How do I generate an SSH key?").header("cf-aig-cache-status"))
                .isEqualTo("MISS");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> semantic.added("semantic") > before);
        Response hit = post("How can I generate an SSH key?");
        assertThat(hit.header("cf-aig-cache-match"))
                .as("served while Redis is up")
                .isEqualTo("semantic");
        double errorsBefore = counter(metrics(), "lookup_error");

        LocalRedisServer.stopServer();
        long start = System.nanoTime();
        Response paraphrase = post("What is the way to generate an SSH key?");
        Response fresh = post("How do I rotate the logs of nginx?");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(paraphrase.statusCode()).isEqualTo(200);
        assertThat(paraphrase.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(paraphrase.header("cf-aig-cache-match")).isNull();
        assertThat(paraphrase.asString()).isEqualTo("{\"answer\":2}");
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.asString()).isEqualTo("{\"answer\":3}");
        assertThat(upstream.received()).as("the provider answered both").hasSize(3);
        assertThat(millis).as("no hang: lookups give up after 300 ms").isLessThan(15_000);
        assertThat(counter(metrics(), "lookup_error"))
                .as("the paraphrase's lookup failed on Redis: counted")
                .isGreaterThan(errorsBefore);
    }

    @Test
    void aFullEmbeddingPoolIsAMissTheProviderAnswers() throws Exception {
        double skippedBefore = counter(metrics(), "skipped_saturated");
        CountDownLatch release = new CountDownLatch(1);
        try {
            assertThat(embedder.submit(() -> release.await(30, TimeUnit.SECONDS)))
                    .isNotNull(); // the one worker
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> embedder.queued() == 0);
            assertThat(embedder.submit(() -> release.await(30, TimeUnit.SECONDS)))
                    .isNotNull(); // the one slot

            long start = System.nanoTime();
            Response r = post("How do I list all the open ports on a server?");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.header("cf-aig-cache-status")).isEqualTo("MISS");
            assertThat(r.asString()).isEqualTo("{\"answer\":1}");
            assertThat(upstream.received()).hasSize(1);
            assertThat(millis).as("skipped, not queued behind the busy worker").isLessThan(15_000);
            assertThat(counter(metrics(), "skipped_saturated")).isGreaterThan(skippedBefore);
        } finally {
            release.countDown();
        }
    }
}
