package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code …/compat/chat/completions} to the cloud hosts: Azure OpenAI (OpenAI-family: passthrough to the deployment's
 * URL, the key in {@code api-key}) and Vertex AI (Claude through {@code rawPredict} / {@code streamRawPredict} with the
 * Anthropic translator, Gemini through {@code generateContent} with the Gemini translator, the Google access token in
 * {@code Authorization}). Asserts what the client got and what the fake provider received.
 */
@QuarkusTest
class CompatCloudTargetsTest extends GatewayTest {

    private static final String AZURE = "/azure/my-res/openai/deployments/gpt4o-prod/chat/completions";
    private static final String VERTEX =
            "/vertex/us-east5-aiplatform/v1/projects/my-project/locations/us-east5/publishers/";
    private static final String CLAUDE = VERTEX + "anthropic/models/claude-sonnet-4-5@20250929";

    private Response post(String key, String body) {
        return RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer " + key)
                .contentType("application/json")
                .body(body)
                .post("v1/acct/default/compat/chat/completions");
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    private static String geminiFixture(String name) {
        try (InputStream in = CompatCloudTargetsTest.class.getResourceAsStream("/compat/gemini/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void azureDeploymentGetsTheBodyUntouchedButTheModelAndTheKeyInApiKey() {
        String answer = Fixtures.read("openai/chat-completion.json");
        upstream.onJson(AZURE, 200, answer);
        String body = "{\"model\":\"azure-openai/my-res/gpt4o-prod\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"h\\u00e9\"}],\"temperature\":1.50,\"x_vendor\":{\"keep\":[1e3,null]}}";

        Response r = post("azure-key", body);

        r.then().statusCode(200);
        assertThat(r.asString()).isEqualTo(answer);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(AZURE + "?api-version=2024-10-21");
        assertThat(seen.header("api-key")).isEqualTo("azure-key");
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.body().toString())
                .isEqualTo(body.replace("\"azure-openai/my-res/gpt4o-prod\"", "\"gpt4o-prod\""));
    }

    @Test
    void azureModelWithoutResourceAndDeploymentIsRefused() {
        Response r = post("azure-key", chat("azure-openai/gpt-4o", false));

        r.then().statusCode(400);
        JsonObject error = new JsonObject(r.asString()).getJsonObject("error");
        assertThat(error.getString("param")).isEqualTo("model");
        assertThat(error.getString("message")).contains("azure-openai/{resource}/{deployment}");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void vertexClaudeGoesThroughRawPredictTranslated() {
        upstream.onJson(CLAUDE + ":rawPredict", 200, Fixtures.read("anthropic/message.json"));

        Response r = post("ya29.token", chat("google-vertex-ai/my-project/us-east5/claude-sonnet-4-5@20250929", false));

        r.then().statusCode(200);
        JsonObject answer = new JsonObject(r.asString());
        assertThat(answer.getString("object")).isEqualTo("chat.completion");
        assertThat(answer.getJsonArray("choices")
                        .getJsonObject(0)
                        .getJsonObject("message")
                        .getString("content"))
                .contains("Hello from Claude");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(CLAUDE + ":rawPredict");
        assertThat(seen.header("authorization")).isEqualTo("Bearer ya29.token");
        assertThat(seen.header("x-api-key")).isNull();
        assertThat(seen.header("anthropic-version")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.containsKey("model")).isFalse();
        assertThat(sent.getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
        assertThat(sent.getJsonArray("system"))
                .isEqualTo(new JsonArray("[{\"type\":\"text\",\"text\":\"Be brief.\"}]"));
        assertThat(sent.getInteger("max_tokens")).isPositive();
    }

    @Test
    void vertexClaudeStreamGoesThroughStreamRawPredict() {
        byte[] sse = Fixtures.read("anthropic/message.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(CLAUDE + ":streamRawPredict", sse, FakeUpstream.everyByte(sse.length), true, 0);

        Response r = post("ya29.token", chat("google-vertex-ai/my-project/us-east5/claude-sonnet-4-5@20250929", true));

        r.then().statusCode(200);
        assertThat(r.contentType()).startsWith("text/event-stream");
        assertThat(r.asString())
                .contains("\"object\":\"chat.completion.chunk\"")
                .endsWith("data: [DONE]\n\n");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(CLAUDE + ":streamRawPredict");
        assertThat(seen.body().toJsonObject().getBoolean("stream")).isTrue();
    }

    @Test
    void vertexGeminiGoesThroughGenerateContentTranslated() {
        String path = VERTEX + "google/models/gemini-2.5-flash:generateContent";
        upstream.onJson(path, 200, geminiFixture("function-call.response.json"));

        Response r = post("ya29.token", chat("google-vertex-ai/my-project/us-east5/gemini-2.5-flash", false));

        r.then().statusCode(200);
        JsonObject call = new JsonObject(r.asString())
                .getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("message")
                .getJsonArray("tool_calls")
                .getJsonObject(0);
        assertThat(call.getJsonObject("function").getString("name")).isEqualTo("set_light_values");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(path);
        assertThat(seen.header("authorization")).isEqualTo("Bearer ya29.token");
        assertThat(seen.header("x-goog-api-key")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getJsonObject("systemInstruction").encode()).contains("Be brief.");
        assertThat(sent.getJsonArray("contents").getJsonObject(0).getString("role"))
                .isEqualTo("user");
    }

    @Test
    void vertexModelWithoutProjectAndRegionIsRefused() {
        Response r = post("ya29.token", chat("google-vertex-ai/gemini-2.5-flash", false));

        r.then().statusCode(400);
        assertThat(new JsonObject(r.asString()).getJsonObject("error").getString("message"))
                .contains("google-vertex-ai/{project}/{region}/{model}");
        assertThat(upstream.received()).isEmpty();
    }

    private Response postMessages(String key, String body) {
        return RestAssured.given()
                .baseUri(gateway.toString())
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .contentType("application/json")
                .body(body)
                .post("v1/acct/default/compat/v1/messages");
    }

    /** An Anthropic request with a thinking block (signature) and {@code cache_control}: what must survive. */
    private static String messages(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":2048," + (stream ? "\"stream\":true," : "")
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Greet back.\",\"signature\":\"EqQBCgIYAhIM\"},"
                + "{\"type\":\"text\",\"text\":\"Hello!\"}]},{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    @Test
    void messagesToVertexClaudeKeepEveryFieldThroughRawPredict() {
        upstream.onJson(CLAUDE + ":rawPredict", 200, Fixtures.read("anthropic/message.json"));
        String body = messages("google-vertex-ai/my-project/us-east5/claude-sonnet-4-5@20250929", false);

        Response r = postMessages("ya29.token", body);

        r.then().statusCode(200);
        assertThat(new JsonObject(r.asString())).isEqualTo(new JsonObject(Fixtures.read("anthropic/message.json")));
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(CLAUDE + ":rawPredict");
        assertThat(seen.header("authorization")).isEqualTo("Bearer ya29.token");
        assertThat(seen.header("x-api-key")).isNull();
        assertThat(seen.header("anthropic-version")).isNull();
        JsonObject expected = new JsonObject(body);
        expected.remove("model");
        expected.put("anthropic_version", "vertex-2023-10-16");
        assertThat(seen.body().toJsonObject()).isEqualTo(expected);
    }

    @Test
    void messagesStreamFromVertexClaudeIsAnthropicsOwn() {
        byte[] sse = Fixtures.read("anthropic/message.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(CLAUDE + ":streamRawPredict", sse, new int[] {50, 300}, false, 0);

        Response r = postMessages(
                "ya29.token", messages("google-vertex-ai/my-project/us-east5/claude-sonnet-4-5@20250929", true));

        r.then().statusCode(200);
        assertThat(r.asString().replace(" ", ""))
                .isEqualTo(Fixtures.read("anthropic/message.sse").replace(" ", ""));
        assertThat(upstream.single().uri()).isEqualTo(CLAUDE + ":streamRawPredict");
    }

    @Test
    void messagesToVertexGeminiAreTranslated() {
        String path = VERTEX + "google/models/gemini-2.5-flash:generateContent";
        upstream.onJson(path, 200, Fixtures.read("usage/gemini-thoughts.json"));

        Response r = postMessages(
                "ya29.token",
                "{\"model\":\"google-vertex-ai/my-project/us-east5/gemini-2.5-flash\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");

        r.then().statusCode(200);
        JsonObject message = new JsonObject(r.asString());
        assertThat(message.getString("type")).isEqualTo("message");
        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Paris");
        assertThat(message.getJsonObject("usage").getInteger("output_tokens")).isEqualTo(450);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(path);
        assertThat(seen.header("authorization")).isEqualTo("Bearer ya29.token");
        assertThat(seen.body().toJsonObject().getJsonObject("generationConfig").getInteger("maxOutputTokens"))
                .isEqualTo(64);
    }

    @Test
    void messagesToAzureAreTranslatedToTheDeploymentsChat() {
        upstream.onJson(AZURE, 200, Fixtures.read("openai/chat-completion.json"));

        Response r = postMessages(
                "azure-key",
                "{\"model\":\"azure-openai/my-res/gpt4o-prod\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");

        r.then().statusCode(200);
        JsonObject message = new JsonObject(r.asString());
        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Hello from the fake upstream");
        assertThat(message.getString("stop_reason")).isEqualTo("end_turn");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(AZURE + "?api-version=2024-10-21");
        assertThat(seen.header("api-key")).isEqualTo("azure-key");
        assertThat(seen.header("x-api-key")).isNull();
        assertThat(seen.header("anthropic-version")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getString("model")).isEqualTo("gpt4o-prod");
        assertThat(sent.getInteger("max_completion_tokens")).isEqualTo(64);
    }

    @Test
    void messagesToAzureWithoutDeploymentAreRefusedInAnthropicsShape() {
        Response r = postMessages(
                "azure-key",
                "{\"model\":\"azure-openai/gpt-4o\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        r.then().statusCode(400);
        JsonObject error = new JsonObject(r.asString());
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getJsonObject("error").getString("message")).contains("azure-openai/{resource}/{deployment}");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void vertexModelsInCloudflaresPublisherFormUseTheConfiguredProjectAndRegion() {
        String gemini = VERTEX + "google/models/gemini-2.5-flash:generateContent";
        upstream.onJson(gemini, 200, Fixtures.read("usage/gemini-thoughts.json"));
        upstream.onJson(CLAUDE + ":rawPredict", 200, Fixtures.read("anthropic/message.json"));

        post("ya29.token", chat("google-vertex-ai/google/gemini-2.5-flash", false))
                .then()
                .statusCode(200);
        post("ya29.token", chat("google-vertex-ai/anthropic/claude-sonnet-4-5@20250929", false))
                .then()
                .statusCode(200);

        assertThat(upstream.received().stream().map(FakeUpstream.Received::uri))
                .containsExactly(gemini, CLAUDE + ":rawPredict");
    }
}
