package dev.aigateway.semantic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache seen from the client (headers, body) and from the provider (how many calls it got): a paraphrase
 * is served, a different question is not, and nothing is ever served across a partition (model, gateway, credential,
 * system prompt, tools); shadow mode reports but never serves.
 */
@QuarkusTest
class SemanticCacheTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";

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

    private String body(String model, String system, String question, JsonArray tools) {
        JsonObject body = new JsonObject()
                .put("model", model)
                .put(
                        "messages",
                        new JsonArray()
                                .add(new JsonObject().put("role", "system").put("content", system + " " + nonce))
                                .add(new JsonObject().put("role", "user").put("content", question)));
        if (tools != null) {
            body.put("tools", tools);
        }
        return body.encode();
    }

    private String body(String question) {
        return body("gpt-4o-mini", "You are terse.", question, null);
    }

    private Response post(String gatewayId, String body) {
        return postChat(gatewayId, body, Map.of());
    }

    /** The stored entry reaches the index after the response (in the background): wait for it. */
    private void stored(String gatewayId, int before) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> semantic.size(gatewayId) > before);
    }

    private Response first(String gatewayId, String body) {
        int before = semantic.size(gatewayId);
        Response r = post(gatewayId, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("cf-aig-cache-status")).isEqualTo("MISS");
        stored(gatewayId, before);
        return r;
    }

    @Test
    void aParaphraseIsServedFromTheCache() {
        Response original = first("semantic", body("How do I reverse a string in Python?"));

        Response paraphrase = post("semantic", body("What's the way to reverse a string in Python?"));

        assertThat(paraphrase.statusCode()).isEqualTo(200);
        assertThat(paraphrase.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(paraphrase.header("cf-aig-cache-match")).isEqualTo("semantic");
        assertThat(Double.parseDouble(paraphrase.header("cf-aig-cache-similarity")))
                .isBetween(0.92, 1.0);
        assertThat(paraphrase.asString()).isEqualTo(original.asString());
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void theExactCacheAnswersFirst() {
        first("semantic", body("What is the capital of France?"));

        Response again = post("semantic", body("What is the capital of France?"));

        assertThat(again.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(again.header("cf-aig-cache-match")).isNull();
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void aDifferentQuestionIsNotServed() {
        first("semantic", body("How do I sort a list in Python?"));

        Response other = post("semantic", body("How do I reverse a list in Python?"));
        Response country = post("semantic", body("What is the capital of Germany?"));

        assertThat(other.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(other.asString()).isEqualTo("{\"answer\":2}");
        assertThat(country.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(upstream.received()).hasSize(3);
    }

    @Test
    void nothingIsServedAcrossPartitions() {
        String question = "How can I convert a list to a set in Python?";
        String paraphrase = "How do I convert a list to a set in Python?";
        first("semantic", body(question));
        first("semantic-b", body(question)); // the other gateway has its own entry, it is not served from ours

        Response model = post("semantic", body("gpt-4o", "You are terse.", paraphrase, null));
        Response system = post("semantic", body("gpt-4o-mini", "You are verbose.", paraphrase, null));
        Response tools = post(
                "semantic",
                body(
                        "gpt-4o-mini",
                        "You are terse.",
                        paraphrase,
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("type", "function")
                                        .put("function", new JsonObject().put("name", "run_python")))));
        Response credential = given().baseUri(gateway.toString())
                .header("authorization", "Bearer sk-someone-else")
                .contentType("application/json")
                .body(body(paraphrase))
                .post("v1/acct/semantic/openai/v1/chat/completions");
        Response sameEverything = post("semantic", body(paraphrase));

        assertThat(model.header("cf-aig-cache-status")).as("model").isEqualTo("MISS");
        assertThat(system.header("cf-aig-cache-status")).as("system prompt").isEqualTo("MISS");
        assertThat(tools.header("cf-aig-cache-status")).as("tools").isEqualTo("MISS");
        assertThat(credential.header("cf-aig-cache-status")).as("credential").isEqualTo("MISS");
        assertThat(sameEverything.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(sameEverything.asString()).isEqualTo("{\"answer\":1}");
        assertThat(upstream.received()).hasSize(6);
    }

    @Test
    void earlierTurnsMustMatchExactly() {
        String earlier = new JsonObject()
                .put("model", "gpt-4o-mini")
                .put(
                        "messages",
                        new JsonArray()
                                .add(new JsonObject().put("role", "system").put("content", nonce))
                                .add(new JsonObject().put("role", "user").put("content", "I use Java."))
                                .add(new JsonObject().put("role", "assistant").put("content", "Noted."))
                                .add(new JsonObject()
                                        .put("role", "user")
                                        .put("content", "How do I read a file line by line?")))
                .encode();
        first("semantic", earlier);

        Response otherHistory =
                post("semantic", earlier.replace("I use Java.", "I use Go.").replace("How do I", "How can I"));
        Response sameHistory = post("semantic", earlier.replace("How do I", "How can I"));

        assertThat(otherHistory.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(sameHistory.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void shadowModeReportsButNeverServes() {
        first("semantic-shadow", body("How do I merge two dictionaries in Python?"));

        Response paraphrase = post("semantic-shadow", body("How can I merge two Python dictionaries?"));

        assertThat(paraphrase.statusCode()).isEqualTo(200);
        assertThat(paraphrase.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(paraphrase.header("cf-aig-cache-shadow")).startsWith("HIT;similarity=0.9");
        assertThat(paraphrase.asString()).isEqualTo("{\"answer\":2}");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void requestHeadersSkipTheLookupOrRaiseTheThreshold() {
        first("semantic", body("How do I undo the last git commit?"));
        String paraphrase = body("How can I undo my last git commit?");

        // (each on a gateway that also has the exact cache: the bodies differ, so that one misses)
        Response skipped = postChat("semantic", paraphrase, Map.of("cf-aig-skip-semantic-cache", "true"));
        Response strict = postChat(
                "semantic",
                body("Please, how can I undo the last git commit?"),
                Map.of("cf-aig-semantic-threshold", "0.9999"));
        Response bad = postChat(
                "semantic", body("How to undo the last git commit?"), Map.of("cf-aig-semantic-threshold", "high"));

        assertThat(skipped.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(strict.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.asString()).contains("cf-aig-semantic-threshold");
        assertThat(upstream.received()).hasSize(3);
    }

    @Test
    void theMetricsCountHitsAndTheSimilarity() {
        first("semantic", body("How many days are in a leap year?"));
        post("semantic", body("How many days does a leap year have?"));

        String metrics = given().baseUri(gateway.toString()).get("q/metrics").asString();
        assertThat(metrics)
                .contains("gateway_semantic_cache_events_total{event=\"hit\",gateway=\"semantic\"}")
                .contains("gateway_semantic_cache_events_total{event=\"stored\",gateway=\"semantic\"}")
                .contains("gateway_semantic_cache_similarity_count{gateway=\"semantic\"}");
    }
}
