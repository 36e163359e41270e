package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code …/compat/responses} end to end: the official OpenAI Java client's Responses API, pointed at {@code …/compat},
 * reaches an Anthropic fake and a Gemini fake (translated through OpenAI Chat: plain, streaming, a function-call round
 * trip) and an OpenAI fake (the body untouched but for the model). Asserts what the client got and what the fake
 * provider received.
 */
@QuarkusTest
class CompatResponsesTest extends GatewayTest {

    private static final String MESSAGES = "/anthropic/v1/messages";
    private static final String GEMINI = "/google/v1beta/models/gemini-2.5-flash";

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/compat")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static String fixture(String name) {
        try (InputStream in = CompatResponsesTest.class.getResourceAsStream("/compat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private io.restassured.response.Response post(String path, String body) {
        return RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType("application/json")
                .body(body)
                .post(path);
    }

    /** The text of a response's message items, as the SDKs' {@code output_text} helper reads it. */
    private static String text(Response r) {
        return r.output().stream()
                .flatMap(o -> o.message().stream())
                .flatMap(m -> m.content().stream())
                .flatMap(c -> c.outputText().stream())
                .map(t -> t.text())
                .collect(Collectors.joining());
    }

    @Test
    void plainResponseFromAnthropic() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));

        Response r = client("sk-ant-client")
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .instructions("Be brief.")
                        .input("Say hello")
                        .maxOutputTokens(100)
                        .build());

        assertThat(text(r)).isEqualTo("Hello from Claude");
        assertThat(r.status()).contains(com.openai.models.responses.ResponseStatus.COMPLETED);
        assertThat(r.usage().orElseThrow().inputTokens()).isEqualTo(12);
        assertThat(r.usage().orElseThrow().outputTokens()).isEqualTo(4);
        r.validate(); // every field the client's model requires is there

        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(MESSAGES);
        assertThat(seen.header("x-api-key")).isEqualTo("sk-ant-client");
        assertThat(seen.header("authorization")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.getJsonArray("system"))
                .isEqualTo(new JsonArray("[{\"type\":\"text\",\"text\":\"Be brief.\"}]"));
        assertThat(sent.getJsonArray("messages"))
                .isEqualTo(new JsonArray(
                        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say hello\"}]}]"));
        assertThat(sent.getInteger("max_tokens")).isEqualTo(100);
    }

    @Test
    void streamFromAnthropicEndsWithCompletedAndItsUsageIsLogged() {
        byte[] sse = fixture("anthropic/tool-stream.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(MESSAGES, sse, new int[] {100, 1000, 1001, 2500}, false, 0);

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client("sk-ant-client")
                .responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .input("Weather in SF?")
                        .build())) {
            stream.stream().forEach(events::add);
        }

        assertThat(events.get(0).isCreated()).isTrue();
        String text = events.stream()
                .flatMap(e -> e.outputTextDelta().stream())
                .map(d -> d.delta())
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Okay, let me check the weather for San Francisco, CA:");
        String args = events.stream()
                .flatMap(e -> e.functionCallArgumentsDelta().stream())
                .map(d -> d.delta())
                .collect(Collectors.joining());
        assertThat(args).isEqualTo("{\"location\": \"San Francisco, CA\"}{}");
        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.isCompleted()).isTrue();
        Response done = last.asCompleted().response();
        assertThat(done.usage().orElseThrow().inputTokens()).isEqualTo(472 + 100 + 2000);
        assertThat(done.usage().orElseThrow().inputTokensDetails().cachedTokens())
                .isEqualTo(2000);
        assertThat(done.output()).hasSize(4); // reasoning, message, two function calls
        assertThat(upstream.single().body().toJsonObject().getBoolean("stream")).isTrue();
    }

    @Test
    void loggedWithTheProvidersUsageAndTheIngressFormat() {
        byte[] sse = fixture("anthropic/tool-stream.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(MESSAGES, sse, new int[] {100, 1000}, false, 0);

        var r = post(
                "v1/acct/default/compat/responses",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,\"input\":\"Weather in SF?\"}");
        r.then().statusCode(200);
        assertThat(r.asString()).contains("event: response.completed\n").doesNotContain("[DONE]");
        String logId = r.header("cf-aig-log-id");

        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(logId) != null);
        Map<String, Object> row = TestDb.logRow(logId);
        assertThat(row.get("provider")).isEqualTo("anthropic");
        assertThat(row.get("ingress_format")).isEqualTo("openai.responses");
        assertThat(((Number) row.get("tokens_in")).longValue()).isEqualTo(472 + 100 + 2000);
        assertThat(((Number) row.get("tokens_out")).longValue()).isEqualTo(89);
        assertThat(((Number) row.get("cached_tokens")).longValue()).isEqualTo(2000);
    }

    @Test
    void functionCallRoundTripWithGemini() {
        upstream.onJson(GEMINI + ":generateContent", 200, fixture("gemini/function-call.response.json"));
        OpenAIClient client = client("gemini-key");
        FunctionTool weather = FunctionTool.builder()
                .name("get_weather")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .strict(false)
                .build();

        Response first = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("google-ai-studio/gemini-2.5-flash")
                        .input("Weather in Paris?")
                        .addTool(weather)
                        .build());
        ResponseFunctionToolCall call = first.output().stream()
                .flatMap(o -> o.functionCall().stream())
                .findFirst()
                .orElseThrow();
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-goog-api-key")).isEqualTo("gemini-key");
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonArray("functionDeclarations")
                        .getJsonObject(0)
                        .getString("name"))
                .isEqualTo("get_weather");

        upstream.reset();
        upstream.onJson(GEMINI + ":generateContent", 200, Fixtures.read("usage/gemini-thoughts.json"));
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
                .role(ResponseInputItem.Message.Role.USER)
                .addInputTextContent("Weather in Paris?")
                .build()));
        input.add(ResponseInputItem.ofFunctionCall(call));
        input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId())
                .output("18°C and sunny")
                .build()));
        Response second = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("google-ai-studio/gemini-2.5-flash")
                        .inputOfResponse(input)
                        .addTool(weather)
                        .build());
        assertThat(text(second)).isNotEmpty();
        JsonArray contents = upstream.single().body().toJsonObject().getJsonArray("contents");
        assertThat(contents.getJsonObject(1)
                        .getJsonArray("parts")
                        .getJsonObject(0)
                        .getJsonObject("functionCall")
                        .getString("name"))
                .isEqualTo(call.name());
        assertThat(contents.getJsonObject(2)
                        .getJsonArray("parts")
                        .getJsonObject(0)
                        .containsKey("functionResponse"))
                .isTrue();
    }

    @Test
    void responsesCapableTargetGetsTheBodyByteForByteButTheModel() {
        upstream.onJson("/openai/v1/responses", 200, Fixtures.read("usage/openai-responses.json"));
        String body = "{\"model\":\"openai/gpt-5-mini\", \"input\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"reasoning\":{\"effort\":\"low\"},\"x_unknown\":{\"kept\":1.50}}";

        var r = post("compat/responses", body); // the custom-domain form
        r.then().statusCode(200);

        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/openai/v1/responses");
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-client");
        assertThat(seen.body().toString(StandardCharsets.UTF_8))
                .isEqualTo(body.replace("openai/gpt-5-mini", "gpt-5-mini"));
        assertThat(r.asString()).isEqualTo(Fixtures.read("usage/openai-responses.json"));
    }

    @Test
    void statefulRequestsAreRefusedInOpenAisErrorShape() {
        for (String body : new String[] {
            "{\"model\":\"openai/gpt-5-mini\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}",
            "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"hi\",\"conversation\":\"conv_1\"}",
            "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"hi\",\"store\":true}"
        }) {
            var r = post("v1/acct/default/compat/responses", body);
            r.then().statusCode(400);
            JsonObject error = new JsonObject(r.asString()).getJsonObject("error");
            assertThat(error.getString("type")).isEqualTo("invalid_request_error");
            assertThat(error.getString("message")).isNotBlank();
        }
        assertThat(upstream.received()).isEmpty();
        var noPrefix = post("v1/acct/default/compat/responses", "{\"model\":\"gpt-5-mini\",\"input\":\"hi\"}");
        noPrefix.then().statusCode(400);
        assertThat(new JsonObject(noPrefix.asString()).getInteger("internalCode"))
                .isEqualTo(2019);
    }

    @Test
    void providerErrorKeepsItsStatusInOpenAisShape() {
        upstream.on(MESSAGES, (req, body) -> req.response()
                .setStatusCode(429)
                .putHeader("content-type", "application/json")
                .putHeader("retry-after", "7")
                .end(fixture("anthropic/rate-limit.error.json")));

        var r = post(
                "v1/acct/default/compat/responses", "{\"model\":\"anthropic/claude-sonnet-4-5\",\"input\":\"hi\"}");
        r.then().statusCode(429);
        assertThat(r.header("retry-after")).isEqualTo("7");
        JsonObject error = new JsonObject(r.asString()).getJsonObject("error");
        assertThat(error.getString("message")).isNotBlank();
    }
}
