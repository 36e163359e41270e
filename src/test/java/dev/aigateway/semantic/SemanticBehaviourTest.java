package dev.aigateway.semantic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache's hits seen in the log rows (which cache answered, how similar), on a streamed request (the stored
 * stream is replayed), on the Anthropic messages API, and under a gateway's {@code max-entries} (the least recently used
 * entry stops being served; a hit refreshes an entry). Same (default) test profile as {@link SemanticCacheTest}: the embedding model loads once per JVM.
 */
@QuarkusTest
class SemanticBehaviourTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String MESSAGES = "/anthropic/v1/messages";

    @Inject
    SemanticCache semantic;

    private final AtomicInteger served = new AtomicInteger();
    /** In every system prompt: entries of earlier runs (Redis outlives the test JVM) are in other partitions. */
    private String nonce;

    @BeforeEach
    void numberedAnswers() {
        nonce = UUID.randomUUID().toString();
        upstream.on(CHAT, (req, body) -> req.response()
                .putHeader("content-type", "application/json")
                .end("{\"answer\":" + served.incrementAndGet() + "}"));
    }

    private String body(String question, boolean stream) {
        JsonObject body = new JsonObject()
                .put("model", "gpt-4o-mini")
                .put(
                        "messages",
                        new JsonArray()
                                .add(new JsonObject().put("role", "system").put("content", "You are terse. " + nonce))
                                .add(new JsonObject().put("role", "user").put("content", question)));
        if (stream) {
            body.put("stream", true);
        }
        return body.encode();
    }

    private Response post(String gatewayId, String body) {
        return postChat(gatewayId, body, Map.of());
    }

    /** Sends a first request (a miss) and waits until its response is in this replica's index. */
    private Response first(String gatewayId, String body) {
        long before = semantic.added(gatewayId);
        Response r = post(gatewayId, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("cf-aig-cache-status")).isEqualTo("MISS");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> semantic.added(gatewayId) > before);
        return r;
    }

    /** The log row of a response (written in the background: waited for). */
    private static Map<String, Object> logRow(Response r) {
        String id = r.header("cf-aig-log-id");
        assertThat(id).as("cf-aig-log-id").isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> TestDb.logRow(id) != null);
        return TestDb.logRow(id);
    }

    @Test
    void theLogRowSaysWhichCacheAnsweredAndHowSimilar() {
        Response miss = first("semantic", body("How do I check the Python version installed?", false));
        Response exact = post("semantic", body("How do I check the Python version installed?", false));
        Response near = post("semantic", body("How can I check which Python version is installed?", false));
        first("semantic-shadow", body("How do I check the Python version installed?", false));
        Response shadow = post("semantic-shadow", body("How can I check which Python version is installed?", false));

        assertThat(exact.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(near.header("cf-aig-cache-match")).isEqualTo("semantic");
        assertThat(shadow.header("cf-aig-cache-shadow")).startsWith("HIT;");
        Map<String, Object> missRow = logRow(miss);
        assertThat(missRow.get("cache_kind")).isNull();
        assertThat(missRow.get("cache_similarity")).isNull();
        Map<String, Object> exactRow = logRow(exact);
        assertThat(exactRow.get("cache_kind")).isEqualTo("exact");
        assertThat(exactRow.get("cache_similarity")).isNull();
        Map<String, Object> nearRow = logRow(near);
        assertThat(nearRow.get("cache_kind")).isEqualTo("semantic");
        assertThat(((Number) nearRow.get("cache_similarity")).doubleValue())
                .isCloseTo(
                        Double.parseDouble(near.header("cf-aig-cache-similarity")),
                        org.assertj.core.data.Offset.offset(0.001));
        Map<String, Object> shadowRow = logRow(shadow);
        assertThat(shadowRow.get("cache_kind")).isEqualTo("shadow");
        assertThat(((Number) shadowRow.get("cache_similarity")).doubleValue()).isBetween(0.9, 1.0);
        assertThat(upstream.received()).hasSize(3); // the miss, the shadow gateway's first and its would-hit
    }

    @Test
    void aStreamedParaphraseReplaysTheStoredStream() {
        byte[] sse = Fixtures.read("openai/chat-completion.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(CHAT, sse, new int[] {7, 100, 301}, false, 5);
        Response original = first("semantic", body("How do I list the files in a directory with Bash?", true));

        Response paraphrase = post("semantic", body("How can I list the files of a directory in Bash?", true));

        assertThat(original.contentType()).startsWith("text/event-stream");
        assertThat(original.asString()).isEqualTo(new String(sse, StandardCharsets.UTF_8));
        assertThat(paraphrase.statusCode()).isEqualTo(200);
        assertThat(paraphrase.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(paraphrase.header("cf-aig-cache-match")).isEqualTo("semantic");
        assertThat(paraphrase.contentType()).startsWith("text/event-stream");
        assertThat(paraphrase.asString()).isEqualTo(original.asString()).endsWith("data: [DONE]\n\n");
        assertThat(upstream.received()).hasSize(1);
    }

    private Response anthropic(String question) {
        String body = new JsonObject()
                .put("model", "claude-sonnet-4-5")
                .put("max_tokens", 100)
                .put("system", "You are terse. " + nonce)
                .put(
                        "messages",
                        new JsonArray().add(new JsonObject().put("role", "user").put("content", question)))
                .encode();
        return given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("x-api-key", "sk-ant-client")
                .header("anthropic-version", "2023-06-01")
                .body(body)
                .post("v1/acct/semantic/anthropic/v1/messages");
    }

    @Test
    void anAnthropicParaphraseIsServedFromTheCache() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));
        long before = semantic.added("semantic");
        Response original = anthropic("How do I convert a string to an integer in JavaScript?");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.header("cf-aig-cache-status")).isEqualTo("MISS");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> semantic.added("semantic") > before);

        Response paraphrase = anthropic("How can I convert a string into an integer in JavaScript?");

        assertThat(paraphrase.statusCode()).isEqualTo(200);
        assertThat(paraphrase.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(paraphrase.header("cf-aig-cache-match")).isEqualTo("semantic");
        assertThat(paraphrase.asString()).isEqualTo(original.asString()).contains("Hello from Claude");
        assertThat(upstream.received()).hasSize(1);
    }

    /** max-entries 2: the least recently used entry goes first, and a hit makes an entry the most recently used. */
    @Test
    void beyondMaxEntriesTheLeastRecentlyUsedIsNoLongerServed() {
        long added = semantic.added("semantic-evict");
        Response reverse = first("semantic-evict", body("How do I reverse a string in Python?", false));
        first("semantic-evict", body("What is the boiling point of water at sea level?", false));
        Response reverseServed = post("semantic-evict", body("What's the way to reverse a string in Python?", false));
        assertThat(reverseServed.header("cf-aig-cache-status"))
                .as("the oldest entry, served: now the most recently used")
                .isEqualTo("HIT");

        first("semantic-evict", body("How many legs does a spider have?", false)); // a third: one must go

        Response spider = post("semantic-evict", body("How many legs do spiders have?", false));
        Response reverseAgain = post("semantic-evict", body("How can I reverse a string in Python?", false));
        Response boiling = post("semantic-evict", body("At sea level, what is the boiling point of water?", false));
        assertThat(spider.header("cf-aig-cache-status")).as("the newest entry").isEqualTo("HIT");
        assertThat(reverseAgain.header("cf-aig-cache-status"))
                .as("the oldest entry, kept: it was served after the second")
                .isEqualTo("HIT");
        assertThat(reverseAgain.asString()).isEqualTo(reverse.asString());
        assertThat(boiling.header("cf-aig-cache-status"))
                .as("the second entry, least recently used: evicted")
                .isEqualTo("MISS");
        assertThat(boiling.asString()).isEqualTo("{\"answer\":4}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> semantic.added("semantic-evict") >= added + 4);
        assertThat(semantic.size("semantic-evict")).isEqualTo(2);
        assertThat(upstream.received()).hasSize(4);
    }
}
