package dev.aigateway.compat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A Universal step whose provider is {@code compat} behaves as the compat endpoint: the step's OpenAI Chat body reaches
 * an Anthropic target translated (its key in {@code x-api-key}) and the answer comes back in OpenAI Chat, so one
 * request format falls back from Anthropic to OpenAI. Asserts what the client got and what each fake received.
 */
@QuarkusTest
class CompatUniversalTest extends GatewayTest {

    private static final String MESSAGES = "/anthropic/v1/messages";
    private static final String OPENAI = "/openai/v1/chat/completions";

    private static JsonObject compatStep(String model, String key, boolean stream) {
        JsonObject query = new JsonObject()
                .put("model", model)
                .put("max_tokens", 64)
                .put(
                        "messages",
                        new JsonArray()
                                .add(new JsonObject().put("role", "system").put("content", "Be brief."))
                                .add(new JsonObject().put("role", "user").put("content", "Say hello")));
        if (stream) {
            query.put("stream", true);
        }
        return new JsonObject()
                .put("provider", "compat")
                .put("endpoint", "chat/completions")
                .put("headers", new JsonObject().put("Authorization", "Bearer " + key))
                .put("query", query);
    }

    private Response universal(JsonArray steps) {
        return given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("authorization", "Bearer sk-outer-must-not-leak")
                .body(steps.toString())
                .post("v1/acct/default");
    }

    private static void assertTranslatedToAnthropic(FakeUpstream.Received seen) {
        assertThat(seen.uri()).isEqualTo(MESSAGES);
        assertThat(seen.header("x-api-key")).isEqualTo("sk-ant-step");
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.getJsonArray("system"))
                .isEqualTo(new JsonArray("[{\"type\":\"text\",\"text\":\"Be brief.\"}]"));
        assertThat(sent.getJsonArray("messages"))
                .isEqualTo(new JsonArray(
                        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say hello\"}]}]"));
        assertThat(sent.getInteger("max_tokens")).isEqualTo(64);
    }

    @Test
    void compatStepReachesAnthropicTranslatedAndAnswersInOpenAiChat() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));

        Response r = universal(new JsonArray().add(compatStep("anthropic/claude-sonnet-4-5", "sk-ant-step", false)));

        r.then().statusCode(200).header("cf-aig-step", "0").contentType("application/json");
        JsonObject answer = new JsonObject(r.asString());
        assertThat(answer.getString("object")).isEqualTo("chat.completion");
        assertThat(answer.getString("id")).isEqualTo("msg_01");
        JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("content")).contains("Hello from Claude");
        assertThat(choice.getString("finish_reason")).isEqualTo("stop");
        assertThat(answer.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(12);
        assertTranslatedToAnthropic(upstream.single());
    }

    private double compatCount(String provider) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "gateway_compat_requests_total\\{format=\"openai.chat\",provider=\"" + provider
                                + "\"\\} ([0-9.eE+]+)")
                .matcher(given().baseUri(gateway.toString()).get("q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void oneRequestFormatFallsBackFromAnthropicToOpenAi() {
        double before = compatCount("openai");
        upstream.onJson(
                MESSAGES,
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));

        Response r = universal(new JsonArray()
                .add(compatStep("anthropic/claude-sonnet-4-5", "sk-ant-step", false))
                .add(compatStep("openai/gpt-4o-mini", "sk-openai-step", false)));

        r.then().statusCode(200).header("cf-aig-step", "1");
        assertThat(r.asString()).isEqualTo(Fixtures.read("openai/chat-completion.json")); // passthrough: untouched
        JsonArray steps = new JsonArray(r.header("cf-aig-steps"));
        assertThat(steps.getJsonObject(0).getString("provider")).isEqualTo("anthropic");
        assertThat(steps.getJsonObject(0).getInteger("status")).isEqualTo(529);
        assertThat(steps.getJsonObject(1).getString("provider")).isEqualTo("openai");
        assertThat(upstream.received()).hasSize(2);
        assertTranslatedToAnthropic(upstream.received().get(0));
        FakeUpstream.Received second = upstream.received().get(1);
        assertThat(second.uri()).isEqualTo(OPENAI);
        assertThat(second.header("authorization")).isEqualTo("Bearer sk-openai-step");
        assertThat(second.header("x-api-key")).isNull();
        JsonObject sent = second.body().toJsonObject();
        assertThat(sent.getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(sent.getJsonArray("messages").size()).isEqualTo(2);
        assertThat(compatCount("openai")).isEqualTo(before + 1); // the step that answered, counted once
    }

    @Test
    void streamedCompatStepIsTranslatedEventByEvent() {
        byte[] sse = Fixtures.read("anthropic/message.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(MESSAGES, sse, FakeUpstream.everyByte(sse.length), true, 0);

        Response r = universal(new JsonArray().add(compatStep("anthropic/claude-sonnet-4-5", "sk-ant-step", true)));

        r.then().statusCode(200).header("cf-aig-step", "0");
        assertThat(r.contentType()).startsWith("text/event-stream");
        String body = r.asString();
        assertThat(body).contains("\"object\":\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");
        assertThat(body).doesNotContain("content_block_delta");
        assertThat(upstream.single().body().toJsonObject().getBoolean("stream")).isTrue();
    }

    @Test
    void badCompatStepsAreRefusedBeforeAnyCall() {
        universal(new JsonArray().add(compatStep("claude-sonnet-4-5", "sk-ant-step", false)))
                .then()
                .statusCode(400);
        JsonObject badEndpoint =
                compatStep("anthropic/claude-sonnet-4-5", "sk-ant-step", false).put("endpoint", "embeddings");
        String refused = universal(new JsonArray().add(badEndpoint))
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertThat(refused).contains("Step 0").contains("chat/completions or messages");
        String n2 = universal(new JsonArray()
                        .add(compatStep("anthropic/claude-sonnet-4-5", "sk-ant-step", false)
                                .put(
                                        "query",
                                        new JsonObject()
                                                .put("model", "anthropic/claude-sonnet-4-5")
                                                .put("n", 2)
                                                .put(
                                                        "messages",
                                                        new JsonArray()
                                                                .add(new JsonObject()
                                                                        .put("role", "user")
                                                                        .put("content", "hi"))))))
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertThat(n2).contains("Step 0");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void refusedCompatStepsAnswerInTheGatewaysEnvelope() {
        Object[][] cases = {
            {"claude-sonnet-4-5", 2019}, // no provider prefix
            {"nope/model", 2008}, // unknown provider
            {"cohere/command-r", 2108}, // a provider the chat endpoint cannot reach
            {"azure-openai/gpt-4o", 400}, // a model without the target's form (Azure: resource and deployment)
        };
        for (Object[] c : cases) {
            Response r = universal(new JsonArray().add(compatStep((String) c[0], "sk-ant-step", false)));
            r.then().statusCode(400).contentType("application/json");
            JsonObject envelope = new JsonObject(r.asString());
            assertThat(envelope.getBoolean("success")).as((String) c[0]).isFalse();
            assertThat(envelope.getString("name")).isEqualTo("AiGatewayError");
            int code = envelope.getInteger("internalCode");
            if ((int) c[1] != 400) {
                assertThat(code).as((String) c[0]).isEqualTo(c[1]);
            }
            assertThat(envelope.getString("message")).as((String) c[0]).startsWith("Step 0");
            assertThat(envelope.getJsonArray("error").getJsonObject(0).getInteger("code"))
                    .isEqualTo(code);
        }
        assertThat(upstream.received()).isEmpty();
    }
}
