package dev.aigateway.route;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Dynamic routes from config, called with {@code model: "dynamic/<route>"} on {@code /compat}: failover from
 * Anthropic to OpenAI (the official OpenAI SDK as the client), conditions on metadata, percentage splits and a rate
 * element's fallback. Asserts what the client got and what the fake providers received.
 */
@QuarkusTest
class RouteTest extends GatewayTest {

    private static final String MESSAGES = "/anthropic/v1/messages";
    private static final String OPENAI = "/openai/v1/chat/completions";
    private static final String OVERLOADED =
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

    private OpenAIClient client(String eventId) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway.toString() + "v1/acct/routed/compat")
                .apiKey("route-token") // the gateway token in the key slot, as Cloudflare's examples do
                .putHeader("cf-aig-event-id", eventId)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private HttpResponseFor<ChatCompletion> failover(String eventId) {
        return client(eventId)
                .chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model("dynamic/failover")
                        .maxCompletionTokens(64)
                        .addSystemMessage("Be brief.")
                        .addUserMessage("Say hello")
                        .build());
    }

    private void assertOpenAiAnswered(HttpResponseFor<ChatCompletion> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().values("cf-aig-provider")).containsExactly("openai");
        assertThat(r.headers().values("cf-aig-model")).containsExactly("gpt-4o-mini");
        assertThat(r.headers().values("cf-aig-route")).containsExactly("failover");
        assertThat(r.headers().values("cf-aig-route-version")).containsExactly("config");
        assertThat(r.headers().values("cf-aig-step")).containsExactly("1");
        JsonArray steps = new JsonArray(r.headers().values("cf-aig-steps").get(0));
        assertThat(steps.getJsonObject(0).getString("provider")).isEqualTo("anthropic");
        assertThat(steps.getJsonObject(1).getString("provider")).isEqualTo("openai");
        ChatCompletion answer = r.parse();
        assertThat(answer.choices().get(0).message().content()).isPresent();
        FakeUpstream.Received first = upstream.received().get(0);
        assertThat(first.uri()).isEqualTo(MESSAGES);
        assertThat(first.header("x-api-key")).isEqualTo("sk-ant-routed");
        assertThat(first.body().toJsonObject().getString("model")).isEqualTo("claude-sonnet-4-5");
        FakeUpstream.Received second =
                upstream.received().get(upstream.received().size() - 1);
        assertThat(second.uri()).isEqualTo(OPENAI);
        assertThat(second.header("authorization")).isEqualTo("Bearer sk-openai-routed");
        assertThat(second.body().toJsonObject().getString("model")).isEqualTo("gpt-4o-mini");
    }

    @Test
    void anthropicOverloadedFallsOverToOpenAiInTheClientsFormat() {
        upstream.onJson(MESSAGES, 529, OVERLOADED);
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        String eventId = "route-" + UUID.randomUUID();

        HttpResponseFor<ChatCompletion> r = failover(eventId);

        assertOpenAiAnswered(r);
        assertThat(upstream.received()).hasSize(2);
        assertThat(r.headers().values("cf-aig-steps").get(0)).contains("\"status\":529");
        // one log row per attempt, under one event id, each naming the route, its version and its element
        await().atMost(Duration.ofSeconds(15))
                .until(() -> TestDb.query("SELECT 1 FROM request_logs WHERE event_id = ?", eventId)
                                .size()
                        == 2);
        List<Map<String, Object>> rows = TestDb.query(
                "SELECT provider, status_code, route, route_version, route_node, step FROM request_logs"
                        + " WHERE event_id = ? ORDER BY step",
                eventId);
        assertThat(rows.get(0))
                .containsEntry("provider", "anthropic")
                .containsEntry("status_code", 529)
                .containsEntry("route", "failover")
                .containsEntry("route_version", "config")
                .containsEntry("route_node", "claude");
        assertThat(rows.get(1))
                .containsEntry("provider", "openai")
                .containsEntry("status_code", 200)
                .containsEntry("route_node", "gpt");
    }

    @Test
    void anthropicTimingOutFallsOverToOpenAi() {
        upstream.on(MESSAGES, (req, body) -> {}); // never answers: the element's 700 ms timeout
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        long start = System.nanoTime();
        HttpResponseFor<ChatCompletion> r = failover("route-" + UUID.randomUUID());

        assertOpenAiAnswered(r);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anthropicResettingFallsOverToOpenAi() {
        upstream.on(MESSAGES, (req, body) -> FakeUpstream.resetConnection(req));
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        assertOpenAiAnswered(failover("route-" + UUID.randomUUID()));
    }

    @Test
    void anthropicAnsweringMeansOpenAiIsNeverCalled() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        HttpResponseFor<ChatCompletion> r = failover("route-" + UUID.randomUUID());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().values("cf-aig-provider")).containsExactly("anthropic");
        assertThat(r.headers().values("cf-aig-model")).containsExactly("claude-sonnet-4-5");
        ChatCompletion answer = r.parse(); // Anthropic's answer, translated into the client's format
        assertThat(answer.id()).isEqualTo("msg_01");
        assertThat(answer.choices().get(0).message().content().orElseThrow()).contains("Hello from Claude");
        assertThat(upstream.single().uri()).isEqualTo(MESSAGES);
    }

    @Test
    void anthropicMessagesClientFallsOverToOpenAiAndGetsAnthropicsFormat() {
        upstream.onJson(MESSAGES, 529, OVERLOADED);
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        Response r = given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("x-api-key", "route-token")
                .header("anthropic-version", "2023-06-01")
                .body("{\"model\":\"dynamic/failover\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/routed/compat/messages");

        r.then().statusCode(200).header("cf-aig-provider", "openai").header("cf-aig-model", "gpt-4o-mini");
        JsonObject answer = new JsonObject(r.asString());
        assertThat(answer.getString("type")).isEqualTo("message"); // OpenAI's answer in Anthropic's shape
        assertThat(answer.getJsonArray("content").getJsonObject(0).getString("type"))
                .isEqualTo("text");
        assertThat(upstream.received()).hasSize(2);
        assertThat(upstream.received().get(1).header("authorization")).isEqualTo("Bearer sk-openai-routed");
    }

    @Test
    void aStreamFromTheFallbackIsRelayedInTheClientsFormat() {
        upstream.onJson(MESSAGES, 529, OVERLOADED);
        byte[] sse = Fixtures.read("openai/chat-completion.sse").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        upstream.onSse(OPENAI, sse, new int[0], false, 0);

        Response r = given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("cf-aig-authorization", "Bearer route-token")
                .body("{\"model\":\"dynamic/failover\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/routed/compat/chat/completions");

        r.then().statusCode(200).header("cf-aig-provider", "openai");
        assertThat(r.contentType()).startsWith("text/event-stream");
        assertThat(r.asString()).contains("chat.completion.chunk").contains("[DONE]");
    }

    private Response nativeMessages() {
        return given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("x-api-key", "route-token")
                .header("anthropic-version", "2023-06-01")
                .body("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/routed/anthropic/v1/messages");
    }

    @Test
    void nativeAnthropicRequestOnAGatewayWhoseDefaultRouteFallsOverGetsATranslatedAnswer() {
        upstream.onJson(MESSAGES, 529, OVERLOADED);
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        Response r = nativeMessages();

        r.then().statusCode(200).header("cf-aig-provider", "openai").header("cf-aig-route", "failover");
        JsonObject answer = new JsonObject(r.asString());
        assertThat(answer.getString("type")).isEqualTo("message"); // OpenAI's answer in the Anthropic shape
        assertThat(answer.getString("role")).isEqualTo("assistant");
        assertThat(upstream.received()).hasSize(2);
        assertThat(upstream.received().get(0).header("x-api-key")).isEqualTo("sk-ant-routed");
        assertThat(upstream.received().get(1).uri()).isEqualTo(OPENAI);
        assertThat(upstream.received().get(1).body().toJsonObject().getJsonArray("messages"))
                .isNotEmpty();
    }

    @Test
    void nativeAnthropicRequestServedByAnthropicIsPassedThrough() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));

        Response r = nativeMessages();

        r.then().statusCode(200).header("cf-aig-provider", "anthropic");
        assertThat(r.asString()).isEqualTo(Fixtures.read("anthropic/message.json"));
        assertThat(upstream.single().uri()).isEqualTo(MESSAGES);
    }

    private Response chat(String route, String metadata) {
        var spec = given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("cf-aig-authorization", "Bearer route-token");
        if (metadata != null) {
            spec.header("cf-aig-metadata", metadata);
        }
        return spec.body(new JsonObject()
                        .put("model", "dynamic/" + route)
                        .put(
                                "messages",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("role", "user")
                                                .put("content", "hi")))
                        .encode())
                .post("v1/acct/routed/compat/chat/completions");
    }

    private String modelSent() {
        List<FakeUpstream.Received> all = upstream.received();
        return all.get(all.size() - 1).body().toJsonObject().getString("model");
    }

    @Test
    void conditionalFollowsMetadata() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        chat("by-plan", "{\"plan\":\"pro\"}").then().statusCode(200).header("cf-aig-model", "gpt-4o");
        assertThat(modelSent()).isEqualTo("gpt-4o");
        chat("by-plan", "{\"plan\":\"team\"}").then().statusCode(200).header("cf-aig-model", "gpt-4o");
        chat("by-plan", "{\"plan\":\"free\"}").then().statusCode(200).header("cf-aig-model", "gpt-4o-mini");
        assertThat(modelSent()).isEqualTo("gpt-4o-mini");
        chat("by-plan", null).then().statusCode(200).header("cf-aig-model", "gpt-4o-mini");
    }

    @Test
    void percentageSplitsRequestsAndStaysStickyPerUser() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        int cheap = 0;
        for (int i = 0; i < 200; i++) {
            if ("gpt-4o-mini"
                    .equals(chat("canary", null)
                            .then()
                            .statusCode(200)
                            .extract()
                            .header("cf-aig-model"))) {
                cheap++;
            }
        }
        assertThat(cheap).isBetween(200 / 10 - 2, 200 / 10 + 2); // (2,000 requests: RouteGraphTest)
        for (int i = 0; i < 20; i++) { // sticky: the same user always gets the same output
            String user = "{\"user\":\"user-" + i + "\"}";
            String model = chat("sticky", user).then().statusCode(200).extract().header("cf-aig-model");
            assertThat(chat("sticky", user).header("cf-aig-model")).isEqualTo(model);
            assertThat(modelSent()).isEqualTo(model);
        }
    }

    @Test
    void rateElementSendsTheExcessToItsFallback() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        String user = "{\"user\":\"" + UUID.randomUUID() + "\"}";
        String other = "{\"user\":\"" + UUID.randomUUID() + "\"}";

        chat("rated", user).then().statusCode(200).header("cf-aig-model", "gpt-4o");
        chat("rated", user).then().statusCode(200).header("cf-aig-model", "gpt-4o");
        chat("rated", user).then().statusCode(200).header("cf-aig-model", "gpt-4o-mini");
        chat("rated", user).then().statusCode(200).header("cf-aig-model", "gpt-4o-mini");
        chat("rated", other).then().statusCode(200).header("cf-aig-model", "gpt-4o"); // its own count
        assertThat(modelSent()).isEqualTo("gpt-4o");
    }

    @Test
    void aRateElementWithoutFallbackRefusesTheExcessWith429() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        String user = "{\"user\":\"" + UUID.randomUUID() + "\"}";

        chat("strict", user).then().statusCode(200).header("cf-aig-model", "gpt-4o");
        Response refused = chat("strict", user);

        refused.then().statusCode(429);
        assertThat(refused.asString()).contains("2003").contains("'rate'");
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void unknownRouteIs404InTheEnvelope() {
        Response r = chat("no-such-route", null);
        r.then().statusCode(404);
        assertThat(r.asString()).contains("2120").contains("no-such-route");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void decisionsAreCounted() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        chat("by-plan", "{\"plan\":\"pro\"}").then().statusCode(200);
        String metrics = given().baseUri(gateway.toString()).get("q/metrics").asString();
        assertThat(metrics)
                .contains("gateway_route_decisions_total{element=\"plan\",gateway=\"routed\",outcome=\"true\","
                        + "route=\"by-plan\"}");
    }
}
