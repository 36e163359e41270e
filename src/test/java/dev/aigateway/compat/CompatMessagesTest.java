package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The unified API's messages endpoint end to end: the official Anthropic Java client, pointed at {@code …/compat},
 * reaches an OpenAI fake (translated) and an Anthropic fake (untouched but for the model). Each test asserts what the
 * client got and what the fake provider received.
 */
@QuarkusTest
class CompatMessagesTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";

    private AnthropicClient client() {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/compat")
                .apiKey("sk-openai-client")
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder()
                .model("openai/gpt-4o-mini")
                .maxTokens(64)
                .system("Be brief.")
                .addUserMessage("Say hello")
                .build();
    }

    @Test
    void anthropicSdkReachesAnOpenAiTarget() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));

        Message message = client().messages().create(params());

        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello from the fake upstream");
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("end_turn");
        assertThat(message.usage().inputTokens()).isEqualTo(9);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(CHAT);
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-openai-client");
        assertThat(seen.header("x-api-key")).isNull();
        assertThat(seen.header("anthropic-version")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(sent.getInteger("max_completion_tokens")).isEqualTo(64);
        assertThat(sent.getJsonArray("messages"))
                .isEqualTo(new JsonArray("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"Say hello\"}]"));
        // counted when the request ends, just after the answer
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> java.util.regex.Pattern.compile(
                                "gateway_compat_requests_total\\{format=\"anthropic.messages\",provider=\"openai\"\\} [1-9]")
                        .matcher(RestAssured.given()
                                .baseUri(gateway.toString())
                                .get("q/metrics")
                                .asString())
                        .find());
    }

    @Test
    void anthropicSdkStreamsFromAnOpenAiTarget() {
        byte[] sse =
                Fixtures.read("usage/openai-chat-include-usage.sse").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        upstream.onSse(CHAT, sse, FakeUpstream.everyByte(sse.length), false, 0);

        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> stream = client().messages().createStreaming(params())) {
            events = stream.stream().toList();
        }

        String text = events.stream()
                .flatMap(e -> e.contentBlockDelta().stream())
                .flatMap(d -> d.delta().text().stream())
                .map(t -> t.text())
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("Hi");
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
        var delta = events.stream()
                .flatMap(e -> e.messageDelta().stream())
                .findFirst()
                .orElseThrow();
        assertThat(delta.usage().outputTokens()).isEqualTo(2);
        assertThat(delta.delta().stopReason().orElseThrow().asString()).isEqualTo("end_turn");
        JsonObject sent = upstream.single().body().toJsonObject();
        assertThat(sent.getBoolean("stream")).isTrue();
        assertThat(sent.getJsonObject("stream_options").getBoolean("include_usage"))
                .isTrue();
    }

    private io.restassured.response.Response post(String body, String key) {
        return RestAssured.given()
                .baseUri(gateway.toString())
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "interleaved-thinking-2025-05-14")
                .contentType("application/json")
                .body(body)
                .post("v1/acct/default/compat/v1/messages");
    }

    @Test
    void toolUseRoundTripToAnOpenAiTarget() {
        String call = "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
                + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                + "\"{\\\"location\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}";
        upstream.onJson(CHAT, 200, call);
        String tools = "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"location\":{\"type\":\"string\"}}}}]";
        var first = post(
                "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":100," + tools
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}",
                "sk-openai-client");
        first.then().statusCode(200);
        JsonObject message = new JsonObject(first.asString());
        assertThat(message.getString("stop_reason")).isEqualTo("tool_use");
        JsonObject use = message.getJsonArray("content").getJsonObject(0);
        assertThat(use.getString("type")).isEqualTo("tool_use");
        assertThat(use.getJsonObject("input")).isEqualTo(new JsonObject("{\"location\":\"Paris\"}"));
        assertThat(upstream.single().header("anthropic-beta")).isNull();

        upstream.reset();
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        post(
                        "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":100," + tools
                                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                                + "{\"role\":\"assistant\",\"content\":"
                                + message.getJsonArray("content").encode() + "},"
                                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\","
                                + "\"content\":\"22 degrees\"}]}]}",
                        "sk-openai-client")
                .then()
                .statusCode(200);
        JsonArray sent = upstream.single().body().toJsonObject().getJsonArray("messages");
        assertThat(sent.getJsonObject(1)
                        .getJsonArray("tool_calls")
                        .getJsonObject(0)
                        .getString("id"))
                .isEqualTo("call_1");
        assertThat(sent.getJsonObject(2))
                .isEqualTo(
                        new JsonObject("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"22 degrees\"}"));
    }

    @Test
    void anthropicTargetGetsThinkingBlocksAndCacheControlByteForByte() {
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        String body = "{ \"model\":\"anthropic/claude-sonnet-4-5\", \"max_tokens\": 2048,\n"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Long prompt\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Hmm \\u00e9\",\"signature\":\"EqQBCgIYAhIM\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"},{\"type\":\"text\",\"text\":\"Hello\"}]},"
                + "{\"role\":\"user\",\"content\":\"Again\"}], \"x_future_field\": [1.50, null] }";

        var r = post(body, "sk-ant-client");

        r.then().statusCode(200);
        assertThat(new JsonObject(r.asString()).getString("type")).isEqualTo("message");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/anthropic/v1/messages");
        assertThat(seen.body().toString())
                .isEqualTo(body.replace("\"anthropic/claude-sonnet-4-5\"", "\"claude-sonnet-4-5\""));
        assertThat(seen.header("x-api-key")).isEqualTo("sk-ant-client");
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(seen.header("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
    }

    private static String gemini(String name) {
        try (var in = CompatMessagesTest.class.getResourceAsStream("/compat/gemini/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void geminiTargetThroughTheOpenAiChatShape() {
        upstream.onJson(
                "/google/v1beta/models/gemini-2.5-flash:generateContent", 200, gemini("function-call.response.json"));
        var r = post(
                "{\"model\":\"google-ai-studio/gemini-2.5-flash\",\"max_tokens\":100,\"system\":\"Lights.\","
                        + "\"tools\":[{\"name\":\"set_light_values\",\"input_schema\":{\"type\":\"object\"}}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Dim them\"}]}",
                "goog-key");
        r.then().statusCode(200);
        JsonObject message = new JsonObject(r.asString());
        assertThat(message.getString("stop_reason")).isEqualTo("tool_use");
        JsonObject use = message.getJsonArray("content").getJsonObject(0);
        assertThat(use.getString("name")).isEqualTo("set_light_values");
        assertThat(use.getJsonObject("input").getInteger("brightness")).isEqualTo(25);
        assertThat(message.getJsonObject("usage").getInteger("cache_read_input_tokens"))
                .isEqualTo(64);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-goog-api-key")).isEqualTo("goog-key");
        assertThat(seen.header("anthropic-version")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getJsonObject("systemInstruction").encode()).contains("Lights.");
        assertThat(sent.getJsonObject("generationConfig").getInteger("maxOutputTokens"))
                .isEqualTo(100);

        upstream.reset();
        byte[] sse = gemini("text.sse").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        upstream.onSse("/google/v1beta/models/gemini-2.5-flash:streamGenerateContent", sse, new int[] {9}, false, 0);
        String stream = post(
                        "{\"model\":\"google-ai-studio/gemini-2.5-flash\",\"max_tokens\":100,\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Why?\"}]}",
                        "goog-key")
                .asString();
        assertThat(stream)
                .startsWith("event: message_start\n")
                .contains("\"text\":\"The\"")
                .contains("\"text\":\" sky is blue.\"")
                .contains("\"stop_reason\":\"end_turn\"")
                .contains("\"output_tokens\":5")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(upstream.single().uri())
                .isEqualTo("/google/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void refusalsInTheAnthropicShape() {
        var topK = post(
                "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":10,\"top_k\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "k");
        topK.then().statusCode(400);
        JsonObject error = new JsonObject(topK.asString());
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getJsonObject("error").getString("message")).contains("top_k");

        var cohere = post(
                "{\"model\":\"cohere/command-r\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "k");
        cohere.then().statusCode(400);
        assertThat(new JsonObject(cohere.asString()).getInteger("internalCode")).isEqualTo(2108);
        assertThat(new JsonObject(cohere.asString()).getString("message"))
                .contains("/compat/messages")
                .contains("openai")
                .contains("google-ai-studio");
        assertThat(upstream.received()).isEmpty();
    }
}
