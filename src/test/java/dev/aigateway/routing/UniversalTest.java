package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Universal endpoint: fallback chains across providers, through the real HTTP stack. */
@QuarkusTest
class UniversalTest extends GatewayTest {

    private static final String OPENAI = "/openai/v1/chat/completions";
    private static final String ANTHROPIC = "/anthropic/v1/messages";
    private static final String OPENAI_OK = Fixtures.read("openai/chat-completion.json");
    private static final String ANTHROPIC_OK = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hi from Claude\"}],\"model\":\"claude-sonnet-4-5\","
            + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":4}}";

    private static JsonObject openAiStep() {
        return new JsonObject()
                .put("provider", "openai")
                .put("endpoint", "chat/completions")
                .put("headers", new JsonObject().put("Authorization", "Bearer sk-openai-step"))
                .put(
                        "query",
                        new JsonObject()
                                .put("model", "gpt-4o-mini")
                                .put(
                                        "messages",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("role", "user")
                                                        .put("content", "hi"))));
    }

    private static JsonObject anthropicStep() {
        return new JsonObject()
                .put("provider", "anthropic")
                .put("endpoint", "v1/messages")
                .put("headers", new JsonObject().put("x-api-key", "sk-ant-step").put("anthropic-version", "2023-06-01"))
                .put(
                        "query",
                        new JsonObject()
                                .put("model", "claude-sonnet-4-5")
                                .put("max_tokens", 64)
                                .put(
                                        "messages",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("role", "user")
                                                        .put("content", "hi"))));
    }

    private Response universal(String gatewayId, Object steps) {
        return given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("authorization", "Bearer sk-outer-must-not-leak")
                .body(steps.toString())
                .post("v1/acct/" + gatewayId);
    }

    @Test
    void failingFirstStepFallsBackToTheSecond() {
        upstream.onJson(OPENAI, 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        Response response =
                universal("default", new JsonArray().add(openAiStep()).add(anthropicStep()));
        response.then()
                .statusCode(200)
                .header("cf-aig-step", "1")
                .header("cf-aig-attempts", "1")
                .body("content[0].text", equalTo("Hi from Claude"));
        JsonArray steps = new JsonArray(response.header("cf-aig-steps"));
        assertThat(steps.getJsonObject(0).getString("outcome")).isEqualTo("retryable");
        assertThat(steps.getJsonObject(0).getInteger("status")).isEqualTo(500);
        assertThat(steps.getJsonObject(1).getString("outcome")).isEqualTo("served");
        assertThat(upstream.received()).hasSize(2);
        FakeUpstream.Received first = upstream.received().get(0);
        FakeUpstream.Received second = upstream.received().get(1);
        assertThat(first.uri()).isEqualTo(OPENAI);
        assertThat(first.header("authorization")).isEqualTo("Bearer sk-openai-step");
        assertThat(new JsonObject(first.body()).getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(second.uri()).isEqualTo(ANTHROPIC);
        assertThat(second.header("x-api-key")).isEqualTo("sk-ant-step");
        assertThat(second.header("authorization")).isNull(); // the outer request's key belongs to no step
        assertThat(second.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(new JsonObject(second.body()).getInteger("max_tokens")).isEqualTo(64);
    }

    @Test
    void successfulFirstStepNeverCallsTheSecond() {
        upstream.onJson(OPENAI, 200, OPENAI_OK);
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        universal("default", new JsonArray().add(openAiStep()).add(anthropicStep()))
                .then()
                .statusCode(200)
                .header("cf-aig-step", "0")
                .body("id", equalTo("chatcmpl-1"));
        assertThat(upstream.single().uri()).isEqualTo(OPENAI);
    }

    @Test
    void aSingleStepObjectAndATrailingSlashAreAccepted() {
        upstream.onJson(OPENAI, 200, OPENAI_OK);
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .body(openAiStep().encode())
                .post("v1/acct/default/")
                .then()
                .statusCode(200)
                .header("cf-aig-step", "0");
    }

    @Test
    void stepTimeoutMovesOnToTheNextStep() {
        upstream.on(OPENAI, (req, body) -> {
            // silent
        });
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        JsonObject slow = openAiStep().put("config", new JsonObject().put("requestTimeout", 300));
        long start = System.nanoTime();
        Response response = universal("default", new JsonArray().add(slow).add(anthropicStep()));
        response.then().statusCode(200).header("cf-aig-step", "1");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000L);
        assertThat(response.header("cf-aig-steps")).contains("\"outcome\":\"timeout\"");
    }

    @Test
    void stepHeaderTimeoutOverridesTheRequestHeader() {
        upstream.on(OPENAI, (req, body) -> {
            // silent
        });
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        JsonObject slow = openAiStep();
        slow.getJsonObject("headers").put("cf-aig-request-timeout", "300");
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("cf-aig-request-timeout", "60000")
                .body(new JsonArray().add(slow).add(anthropicStep()).encode())
                .post("v1/acct/default")
                .then()
                .statusCode(200)
                .header("cf-aig-step", "1");
    }

    @Test
    void eachStepRetriesBeforeFallingBack() {
        AtomicInteger openAiCalls = new AtomicInteger();
        upstream.on(OPENAI, (req, body) -> {
            openAiCalls.incrementAndGet();
            req.response().setStatusCode(503).end("{\"error\":{\"message\":\"overloaded\"}}");
        });
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        JsonObject retried = openAiStep().put("config", new JsonObject().put("maxAttempts", 3));
        Response response = universal("default", new JsonArray().add(retried).add(anthropicStep()));
        response.then().statusCode(200).header("cf-aig-step", "1");
        assertThat(openAiCalls.get()).isEqualTo(3);
        assertThat(new JsonArray(response.header("cf-aig-steps"))
                        .getJsonObject(0)
                        .getInteger("attempts"))
                .isEqualTo(3);
    }

    @Test
    void outOfQuotaFallsBackWithoutRetrying() {
        AtomicInteger openAiCalls = new AtomicInteger();
        upstream.on(OPENAI, (req, body) -> {
            openAiCalls.incrementAndGet();
            req.response()
                    .setStatusCode(429)
                    .end(
                            "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\"}}");
        });
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        JsonObject retried = openAiStep().put("config", new JsonObject().put("maxAttempts", 3));
        Response response = universal("default", new JsonArray().add(retried).add(anthropicStep()));
        response.then().statusCode(200).header("cf-aig-step", "1");
        assertThat(openAiCalls.get()).isEqualTo(1);
        assertThat(response.header("cf-aig-steps")).contains("\"outcome\":\"fallback\",\"status\":429");
    }

    @Test
    void validationErrorIsFinalAndTheNextStepIsNotTried() {
        String invalid = "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}";
        upstream.onJson(OPENAI, 400, invalid);
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        universal("default", new JsonArray().add(openAiStep()).add(anthropicStep()))
                .then()
                .statusCode(400)
                .header("cf-aig-step", "0")
                .body(equalTo(invalid));
        assertThat(upstream.single().uri()).isEqualTo(OPENAI);
    }

    @Test
    void whenEveryStepFailsTheLastErrorComesBackWithEachStepsOutcome() {
        upstream.onJson(OPENAI, 503, "{\"error\":{\"message\":\"overloaded\"}}");
        String denied =
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}";
        upstream.onJson(ANTHROPIC, 401, denied);
        Response response =
                universal("default", new JsonArray().add(openAiStep()).add(anthropicStep()));
        response.then().statusCode(401).header("cf-aig-step", "1").body(equalTo(denied));
        JsonArray steps = new JsonArray(response.header("cf-aig-steps"));
        assertThat(steps).hasSize(2);
        assertThat(steps.getJsonObject(0).encode())
                .isEqualTo(
                        "{\"step\":0,\"provider\":\"openai\",\"outcome\":\"retryable\",\"status\":503,\"attempts\":1}");
        assertThat(steps.getJsonObject(1).encode())
                .isEqualTo(
                        "{\"step\":1,\"provider\":\"anthropic\",\"outcome\":\"error\",\"status\":401,\"attempts\":1}");
    }

    @Test
    void lastStepWithoutAnyAnswerGetsTheGatewayEnvelope() {
        upstream.onJson(OPENAI, 500, "{}");
        JsonObject dead = new JsonObject()
                .put("provider", "custom-dead")
                .put("endpoint", "v1/chat")
                .put("query", new JsonObject());
        Response response =
                universal("default", new JsonArray().add(openAiStep()).add(dead));
        response.then().statusCode(502).body("error[0].code", equalTo(2005)).header("cf-aig-step", "1");
        assertThat(response.header("cf-aig-steps")).contains("\"outcome\":\"unreachable\"");
    }

    @Test
    void badInputGetsAClearEnvelope() {
        expectInvalid("not json", 2107, "must be JSON");
        expectInvalid("42", 2107, "array of steps");
        expectInvalid("[]", 2107, "no steps");
        expectInvalid("[{\"endpoint\":\"chat/completions\",\"query\":{}}]", 2107, "needs a 'provider'");
        expectInvalid(
                "[{\"provider\":\"nope\",\"endpoint\":\"chat/completions\",\"query\":{}}]",
                2008,
                "invalid provider 'nope'");
        expectInvalid("[{\"provider\":\"openai\",\"endpoint\":\"chat/completions\"}]", 2107, "needs a 'query'");
        expectInvalid(
                "[{\"provider\":\"openai\",\"endpoint\":\"https://evil.example/steal\",\"query\":{}}]",
                2107,
                "not a URL");
        expectInvalid("[{\"provider\":\"openai\",\"endpoint\":\"../../evil\",\"query\":{}}]", 2107, "'..' segments");
        expectInvalid(
                "[{\"provider\":\"openai\",\"endpoint\":\"chat\",\"headers\":{\"x\":{\"a\":1}},\"query\":{}}]",
                2107,
                "must be a string");
        JsonArray many = new JsonArray();
        for (int i = 0; i < 11; i++) {
            many.add(openAiStep());
        }
        expectInvalid(many.encode(), 2107, "at most 10");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aStepCannotReachAHostOutsideTheCatalogue() {
        // Host-bound segments are validated like on the provider-native URL scheme.
        expectInvalid(
                "[{\"provider\":\"azure-openai\",\"endpoint\":\"evil.example%2F/dep/chat/completions\",\"query\":{}}]",
                2100, "Step 0");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void authenticatedGatewayNeedsTheTokenOnTheOuterRequest() {
        upstream.onJson(ANTHROPIC, 200, ANTHROPIC_OK);
        JsonArray steps = new JsonArray().add(anthropicStep());
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .body(steps.encode())
                .post("v1/acct/secured")
                .then()
                .statusCode(401)
                .body("error[0].code", equalTo(2009));
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("cf-aig-authorization", "Bearer gw-token-one")
                .body(steps.encode())
                .post("v1/acct/secured")
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("cf-aig-authorization")).isNull();
    }

    @Test
    void unknownGatewayIsRefusedBeforeAnyStep() {
        universal("nope", new JsonArray().add(openAiStep()))
                .then()
                .statusCode(400)
                .body("error[0].code", equalTo(2001));
        assertThat(upstream.received()).isEmpty();
    }

    private void expectInvalid(String body, int code, String message) {
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .body(body)
                .post("v1/acct/default")
                .then()
                .statusCode(400)
                .body("error[0].code", equalTo(code))
                .body("error[0].message", containsString(message));
    }
}
