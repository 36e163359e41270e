package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The unified API end to end: the official OpenAI Java client, pointed at {@code …/compat}, reaches an Anthropic fake
 * (plain, streaming, a tool-call round trip, json_schema) and an OpenAI-family fake (untouched but for the model).
 * Each test asserts what the client got and what the fake provider received.
 */
@QuarkusTest
class CompatChatTest extends GatewayTest {

    private static final String MESSAGES = "/anthropic/v1/messages";

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/compat")
                .apiKey("sk-ant-client")
                .maxRetries(0)
                .build();
    }

    private static String fixture(String name) {
        try (InputStream in = CompatChatTest.class.getResourceAsStream("/compat/anthropic/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonObject received() {
        return upstream.single().body().toJsonObject();
    }

    private void assertAnthropicHeaders(FakeUpstream.Received seen) {
        assertThat(seen.uri()).isEqualTo(MESSAGES);
        assertThat(seen.header("x-api-key")).isEqualTo("sk-ant-client");
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.hasHeaderStartingWith("cf-aig-")).isFalse();
        assertThat(seen.header("content-type")).isEqualTo("application/json");
        assertThat(Integer.parseInt(seen.header("content-length")))
                .isEqualTo(seen.body().length());
    }

    @Test
    void plainChatReachesAnthropicTranslated() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));

        ChatCompletion c = client().chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .addSystemMessage("Be brief.")
                        .addUserMessage("Say hello")
                        .maxCompletionTokens(100)
                        .temperature(0.2)
                        .user("u-42")
                        .build());

        assertThat(c.choices().get(0).message().content().orElseThrow()).contains("Hello from Claude");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(12);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(4);
        assertThat(c.id()).isEqualTo("msg_01");

        FakeUpstream.Received seen = upstream.single();
        assertAnthropicHeaders(seen);
        JsonObject sent = received();
        assertThat(sent.getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.getJsonArray("system"))
                .isEqualTo(new JsonArray("[{\"type\":\"text\",\"text\":\"Be brief.\"}]"));
        assertThat(sent.getJsonArray("messages"))
                .isEqualTo(new JsonArray(
                        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say hello\"}]}]"));
        assertThat(sent.getInteger("max_tokens")).isEqualTo(100);
        assertThat(sent.getDouble("temperature")).isEqualTo(0.2);
        assertThat(sent.getJsonObject("metadata").getString("user_id")).isEqualTo("u-42");
        assertThat(sent.containsKey("stream")).isFalse();
    }

    @Test
    void streamingChatIsTranslatedWithUsage() {
        byte[] sse = Fixtures.read("anthropic/message.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(MESSAGES, sse, FakeUpstream.everyByte(sse.length), true, 0);

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client().chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            chunks = stream.stream().toList();
        }

        String text = chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello");
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(12);
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);

        assertAnthropicHeaders(upstream.single());
        JsonObject sent = received();
        assertThat(sent.getBoolean("stream")).isTrue();
        assertThat(sent.containsKey("stream_options")).isFalse();
        assertThat(sent.getInteger("max_tokens")).isEqualTo(4096); // the configured default
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Get the current weather in a given location")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                                .build())
                        .build())
                .build();
    }

    @Test
    void toolCallRoundTrip() {
        String toolUse =
                "{\"id\":\"msg_t1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"location\":\"Paris\"}}],"
                        + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":50,\"output_tokens\":20}}";
        String answer =
                "{\"id\":\"msg_t2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"It is 22 degrees in Paris.\"}],"
                        + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":80,\"output_tokens\":9}}";
        upstream.on(MESSAGES, (req, body) -> req.response()
                .putHeader("content-type", "application/json")
                .end(body.toString().contains("tool_result") ? answer : toolUse));

        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model("anthropic/claude-sonnet-4-5")
                .addUserMessage("What is the weather in Paris?")
                .addTool(weatherTool());
        ChatCompletion first = client().chat().completions().create(params.build());

        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageToolCall> calls =
                first.choices().get(0).message().toolCalls().orElseThrow();
        ChatCompletionMessageFunctionToolCall call = calls.get(0).asFunction();
        assertThat(call.id()).isEqualTo("toolu_01");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(new JsonObject(call.function().arguments())).isEqualTo(new JsonObject("{\"location\":\"Paris\"}"));
        JsonObject firstSent = upstream.received().get(0).body().toJsonObject();
        assertThat(firstSent.getJsonArray("tools").getJsonObject(0).getString("name"))
                .isEqualTo("get_weather");
        assertThat(firstSent
                        .getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("input_schema")
                        .getString("type"))
                .isEqualTo("object");

        ChatCompletion second = client().chat()
                .completions()
                .create(params.addMessage(first.choices().get(0).message())
                        .addMessage(ChatCompletionToolMessageParam.builder()
                                .toolCallId(call.id())
                                .content("22 degrees, sunny")
                                .build())
                        .build());

        assertThat(second.choices().get(0).message().content().orElseThrow()).contains("22 degrees in Paris");
        JsonArray messages = upstream.received().get(1).body().toJsonObject().getJsonArray("messages");
        assertThat(messages).hasSize(3);
        JsonObject assistant = messages.getJsonObject(1);
        assertThat(assistant.getString("role")).isEqualTo("assistant");
        assertThat(assistant.getJsonArray("content"))
                .isEqualTo(new JsonArray("[{\"type\":\"text\",\"text\":\"Checking.\"},{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"location\":\"Paris\"}}]"));
        assertThat(messages.getJsonObject(2).getJsonArray("content"))
                .isEqualTo(new JsonArray("[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\","
                        + "\"content\":\"22 degrees, sunny\"}]"));
    }

    @Test
    void streamedToolCallArgumentsArriveAsDeltas() {
        byte[] sse = fixture("tool-stream.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(MESSAGES, sse, new int[] {40, 400, 401, 1200, 1900}, false, 0);

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client().chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .addUserMessage("Weather in SF?")
                        .addTool(weatherTool())
                        .build())) {
            chunks = stream.stream().toList();
        }
        StringBuilder args = new StringBuilder();
        String name = null;
        for (ChatCompletionChunk c : chunks) {
            for (ChatCompletionChunk.Choice ch : c.choices()) {
                for (ChatCompletionChunk.Choice.Delta.ToolCall tc :
                        ch.delta().toolCalls().orElse(List.of())) {
                    if (tc.index() == 0) {
                        tc.function().flatMap(f -> f.arguments()).ifPresent(args::append);
                        if (tc.function().flatMap(f -> f.name()).isPresent()) {
                            name = tc.function().get().name().get();
                        }
                    }
                }
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(new JsonObject(args.toString())).isEqualTo(new JsonObject("{\"location\":\"San Francisco, CA\"}"));
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void jsonSchemaBecomesAnthropicStructuredOutput() {
        String reply = "{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"{\\\"city\\\":\\\"Paris\\\",\\\"celsius\\\":22}\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":30,\"output_tokens\":12}}";
        upstream.onJson(MESSAGES, 200, reply);
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("city", Map.of("type", "string"), "celsius", Map.of("type", "number")),
                "required",
                List.of("city", "celsius"),
                "additionalProperties",
                false);
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder s = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        schema.forEach((k, v) -> s.putAdditionalProperty(k, JsonValue.from(v)));

        ChatCompletion c = client().chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .addUserMessage("Weather in Paris as JSON")
                        .responseFormat(ResponseFormatJsonSchema.builder()
                                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                        .name("weather")
                                        .strict(true)
                                        .schema(s.build())
                                        .build())
                                .build())
                        .build());

        assertThat(new JsonObject(c.choices().get(0).message().content().orElseThrow()).getString("city"))
                .isEqualTo("Paris");
        JsonObject format = received().getJsonObject("output_config").getJsonObject("format");
        assertThat(format.getString("type")).isEqualTo("json_schema");
        assertThat(format.getJsonObject("schema")).isEqualTo(JsonObject.mapFrom(schema));
    }

    @Test
    void openAiFamilyTargetGetsTheBodyByteForByteButTheModel() {
        upstream.onJson("/groq/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String body = "{\n  \"model\" : \"groq/llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"h\\u00e9 \\\"there\\\"\"}], \"temperature\":1.50, \"x_unknown\":{\"model\":\"keep\","
                + "\"deep\":[1e3,null,true]} }";

        RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer gsk-client")
                .contentType("application/json")
                .body(body)
                .post("v1/acct/default/compat/chat/completions")
                .then()
                .statusCode(200);

        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/groq/openai/v1/chat/completions");
        assertThat(seen.body().toString())
                .isEqualTo(body.replace("\"groq/llama-3.3-70b-versatile\"", "\"llama-3.3-70b-versatile\""));
        assertThat(seen.header("authorization")).isEqualTo("Bearer gsk-client");
    }

    @Test
    void firstTranslatedEventReachesTheClientWhileTheProviderPauses() throws Exception {
        String[] events = Fixtures.read("anthropic/message.sse").split("(?<=\n\n)");
        CompletableFuture<Void> release = new CompletableFuture<>();
        upstream.on(MESSAGES, (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(events[0] + events[1] + events[2] + events[3]); // start, block start, ping, "Hel"
            release.thenRun(() -> upstream.vertx().runOnContext(v -> {
                for (int i = 4; i < events.length; i++) {
                    response.write(events[i]);
                }
                response.end();
            }));
        });

        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/compat/chat/completions"))
                .header("authorization", "Bearer sk-ant-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        // While the provider holds the rest back, the client already reads the role chunk and "Hel".
        CompletableFuture<Void> firstEvents = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.contains("\"content\":\"Hel\"")) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        firstEvents.get(20, TimeUnit.SECONDS);
        assertThat(release).isNotDone();
        assertThat(seen.toString()).contains("\"role\":\"assistant\"").doesNotContain("[DONE]");

        release.complete(null);
        String rest = reader.lines().collect(Collectors.joining("\n")).strip();
        assertThat(rest)
                .contains("\"content\":\"lo\"")
                .contains("\"finish_reason\":\"stop\"")
                .endsWith("data: [DONE]");
    }

    @Test
    void brokenUpstreamStreamEndsWithTheOpenAiErrorEvent() {
        String[] events = Fixtures.read("anthropic/message.sse").split("(?<=\n\n)");
        upstream.on(MESSAGES, (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(events[0] + events[1] + events[3]); // start, block start, "Hel"
            upstream.vertx().setTimer(100, t -> FakeUpstream.resetConnection(req));
        });

        var r = RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-ant-client")
                .contentType("application/json")
                .body("{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/default/compat/chat/completions");

        String stream = r.asString();
        assertThat(stream)
                .contains("\"content\":\"Hel\"")
                .doesNotContain("[DONE]")
                .doesNotContain("event:");
        String last = stream.strip().substring(stream.strip().lastIndexOf("data: "));
        JsonObject error = new JsonObject(last.substring("data: ".length())).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("stream_truncated");
        assertThat(error.getString("type")).isEqualTo("server_error");
    }

    @Test
    void hostedFormServesTheSameEndpoint() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));
        var r = RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-ant-client")
                .contentType("application/json")
                .body(
                        "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("compat/chat/completions");
        r.then().statusCode(200);
        assertThat(new JsonObject(r.asString()).getString("object")).isEqualTo("chat.completion");
        assertThat(upstream.single().uri()).isEqualTo(MESSAGES);
        RestAssured.given()
                .baseUri(gateway.toString())
                .get("compat/models")
                .then()
                .statusCode(200);
    }

    @Test
    void translatedStreamIsLoggedWithTheProvidersUsage() {
        byte[] sse = fixture("tool-stream.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(MESSAGES, sse, new int[] {100, 1000}, false, 0);

        var r = RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-ant-client")
                .contentType("application/json")
                .body("{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]}")
                .post("v1/acct/default/compat/chat/completions");
        r.then().statusCode(200);
        assertThat(r.asString()).endsWith("data: [DONE]\n\n").doesNotContain("\"usage\"");
        String logId = r.header("cf-aig-log-id");

        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(logId) != null);
        Map<String, Object> row = TestDb.logRow(logId);
        assertThat(row.get("provider")).isEqualTo("anthropic");
        assertThat((String) row.get("model")).startsWith("claude-sonnet-4-5");
        assertThat(row.get("ingress_format")).isEqualTo("openai.chat");
        assertThat(row.get("path")).isEqualTo("/v1/messages");
        assertThat(((Number) row.get("tokens_in")).longValue()).isEqualTo(472 + 100 + 2000);
        assertThat(((Number) row.get("tokens_out")).longValue()).isEqualTo(89);
        assertThat(((Number) row.get("cached_tokens")).longValue()).isEqualTo(2000);
        assertThat(((Number) row.get("cache_write_tokens")).longValue()).isEqualTo(100);
    }

    @Test
    void providerErrorsBecomeOpenAiErrorsWithTheirStatusAndRetryAfter() {
        upstream.on(MESSAGES, (req, body) -> req.response()
                .setStatusCode(429)
                .putHeader("content-type", "application/json")
                .putHeader("retry-after", "7")
                .end(fixture("rate-limit.error.json")));

        var r = RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-ant-client")
                .contentType("application/json")
                .body(
                        "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/default/compat/chat/completions");

        r.then().statusCode(429).header("retry-after", "7").contentType("application/json");
        JsonObject error = new JsonObject(r.asString()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("rate_limit_error");
        assertThat(error.getString("code")).isEqualTo("rate_limit_error");
        assertThat(error.getString("message")).startsWith("Number of request tokens");
    }

    @Test
    void cachedTranslationIsReplayedAndNeverSharedWithNativeRequests() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));
        String question = "cache me " + java.util.UUID.randomUUID();
        String body = "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}]}";
        java.util.function.Supplier<io.restassured.response.Response> compat = () -> RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-ant-client")
                .contentType("application/json")
                .body(body)
                .post("v1/acct/cached/compat/chat/completions");

        var first = compat.get();
        first.then().statusCode(200).header("cf-aig-cache-status", "MISS");
        // the answer is stored after the response: wait until a repeat is served from the cache
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "HIT".equals(compat.get().header("cf-aig-cache-status")));
        var hit = compat.get();
        assertThat(new JsonObject(hit.asString()).getString("object")).isEqualTo("chat.completion");
        assertThat(hit.asString()).isEqualTo(first.asString()); // the stored translation, as first sent

        // The same upstream request sent natively (Anthropic's shape) is not answered from the compat entry.
        String upstreamBody = upstream.received().get(0).body().toString();
        var nativeCall = RestAssured.given()
                .baseUri(gateway.toString())
                .header("x-api-key", "sk-ant-client")
                .header("anthropic-version", "2023-06-01")
                .contentType("application/json")
                .body(upstreamBody)
                .post("v1/acct/cached/anthropic/v1/messages");
        nativeCall.then().statusCode(200).header("cf-aig-cache-status", "MISS");
        assertThat(new JsonObject(nativeCall.asString()).getString("type")).isEqualTo("message");
    }

    @Test
    void storedKeyIsUsedWithOnlyTheGatewayToken() {
        upstream.onJson(MESSAGES, 200, Fixtures.read("anthropic/message.json"));
        RestAssured.given()
                .baseUri(gateway.toString())
                .header("cf-aig-authorization", "Bearer gw-token-one")
                .contentType("application/json")
                .body(
                        "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/secured/compat/chat/completions")
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("x-api-key")).isEqualTo("sk-ant-stored");
        assertThat(upstream.single().header("anthropic-version")).isEqualTo("2023-06-01");
    }

    private static String geminiFixture(String name) {
        try (InputStream in = CompatChatTest.class.getResourceAsStream("/compat/gemini/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void geminiToolCallAndStream() {
        upstream.onJson(
                "/google/v1beta/models/gemini-2.5-flash:generateContent",
                200,
                geminiFixture("function-call.response.json"));
        ChatCompletion c = client().chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("google-ai-studio/gemini-2.5-flash")
                        .addSystemMessage("You control smart lights.")
                        .addUserMessage("Dim the lights")
                        .addTool(weatherTool())
                        .build());
        ChatCompletionMessageFunctionToolCall call =
                c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("set_light_values");
        assertThat(new JsonObject(call.function().arguments()).getInteger("brightness"))
                .isEqualTo(25);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(120);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/google/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(seen.header("x-goog-api-key")).isEqualTo("sk-ant-client");
        assertThat(seen.header("authorization")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getJsonObject("systemInstruction").encode()).contains("You control smart lights.");
        assertThat(sent.getJsonArray("contents").getJsonObject(0).getString("role"))
                .isEqualTo("user");
        assertThat(sent.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations"))
                .hasSize(1);

        upstream.reset();
        byte[] sse = geminiFixture("text.sse").getBytes(StandardCharsets.UTF_8);
        upstream.onSse(
                "/google/v1beta/models/gemini-2.5-flash:streamGenerateContent", sse, new int[] {7, 150}, false, 0);
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client().chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("google-ai-studio/gemini-2.5-flash")
                        .addUserMessage("Why is the sky blue?")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            chunks = stream.stream().toList();
        }
        String text = chunks.stream()
                .flatMap(ch -> ch.choices().stream())
                .map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("The sky is blue.");
        assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens())
                .isEqualTo(13);
        assertThat(upstream.single().uri())
                .isEqualTo("/google/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    private io.restassured.response.Response post(String body) {
        return RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType("application/json")
                .body(body)
                .post("v1/acct/default/compat/chat/completions");
    }

    @Test
    void refusals() {
        var noPrefix = post("{\"model\":\"gpt-4o-mini\",\"messages\":[]}");
        noPrefix.then().statusCode(400);
        assertThat(new JsonObject(noPrefix.asString()).getInteger("internalCode"))
                .isEqualTo(2019);

        var unknown = post("{\"model\":\"nope/x\",\"messages\":[]}");
        unknown.then().statusCode(400);
        assertThat(new JsonObject(unknown.asString()).getInteger("internalCode"))
                .isEqualTo(2008);

        var untranslatable = post("{\"model\":\"cohere/command-r\",\"messages\":[]}");
        untranslatable.then().statusCode(400);
        assertThat(new JsonObject(untranslatable.asString()).getString("message"))
                .contains("anthropic")
                .contains("openai");

        var n = post("{\"model\":\"anthropic/claude-sonnet-4-5\",\"n\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        n.then().statusCode(400);
        JsonObject error = new JsonObject(n.asString()).getJsonObject("error");
        assertThat(error.getString("param")).isEqualTo("n");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void modelListFromThePriceCatalogue() {
        var r = RestAssured.given().baseUri(gateway.toString()).get("v1/acct/default/compat/models");
        r.then().statusCode(200).contentType("application/json");
        JsonObject list = new JsonObject(r.asString());
        assertThat(list.getString("object")).isEqualTo("list");
        JsonObject claude = list.getJsonArray("data").stream()
                .map(JsonObject.class::cast)
                .filter(m -> m.getString("id").startsWith("anthropic/claude"))
                .findFirst()
                .orElseThrow();
        assertThat(claude.getString("object")).isEqualTo("model");
        assertThat(claude.getString("owned_by")).isEqualTo("anthropic");
        assertThat(claude.getDouble("cost_in")).isPositive().isLessThan(0.001);
        assertThat(claude.getDouble("cost_out")).isPositive();
        assertThat(claude.containsKey("created_at")).isTrue();
        assertThat(list.getJsonArray("data").stream()
                        .map(JsonObject.class::cast)
                        .map(m -> m.getString("id")))
                .anyMatch(id -> id.startsWith("openai/"))
                .contains("custom-acme/acme-large")
                .noneMatch(id -> id.startsWith("aws-bedrock/"));
    }
}
