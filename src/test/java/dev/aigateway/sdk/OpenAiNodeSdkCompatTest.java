package dev.aigateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI TypeScript SDK ({@code openai} v6 on npm, pinned in {@code src/test/node/package.json}) calling
 * {@code …/compat/chat/completions} against an Anthropic fake and a Gemini fake: plain, streaming with usage, a streamed
 * tool call, and a full tool-call round trip (call → result → answer). Asserts what the SDK parsed (the script prints
 * it) and what the fake providers received. Node set-up as {@link CloudflareSdkTest} ({@link NodeSdk}).
 */
@QuarkusTest
class OpenAiNodeSdkCompatTest extends GatewayTest {

    private static final String MESSAGES = "/anthropic/v1/messages";
    private static final String GEMINI = "/google/v1beta/models/gemini-2.5-flash";

    private static String compat(String name) {
        try (java.io.InputStream in = OpenAiNodeSdkCompatTest.class.getResourceAsStream("/compat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void answerLikeProviders() {
        upstream.on(MESSAGES, (req, body) -> {
            JsonObject sent = body.toJsonObject();
            if (sent.getBoolean("stream", false)) {
                sse(
                        req,
                        sent.containsKey("tools")
                                ? compat("anthropic/tool-stream.sse")
                                : Fixtures.read("anthropic/message.sse"));
            } else if (sent.containsKey("tools") && !body.toString().contains("tool_result")) {
                json(req, compat("anthropic/thinking-tool.response.json"));
            } else {
                json(req, Fixtures.read("anthropic/message.json"));
            }
        });
        upstream.on(GEMINI + ":streamGenerateContent", (req, body) -> sse(req, compat("gemini/text.sse")));
        upstream.on(
                GEMINI + ":generateContent",
                (req, body) -> json(
                        req,
                        body.toString().contains("functionDeclarations")
                                        && !body.toString().contains("functionResponse")
                                ? compat("gemini/function-call.response.json")
                                : Fixtures.read("usage/gemini-thoughts.json")));
    }

    private static void json(HttpServerRequest req, String body) {
        req.response().putHeader("content-type", "application/json").end(body);
    }

    private void sse(HttpServerRequest req, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        upstream.writeSse(req, bytes, new int[] {bytes.length / 3, bytes.length / 2}, false, 5);
    }

    @Test
    void officialOpenAiNodeSdkReachesAnthropicAndGemini() throws Exception {
        String node = NodeSdk.require("openai", "OpenAI Node SDK check");
        answerLikeProviders();

        ProcessBuilder pb = new ProcessBuilder(node, "openai-compat-check.mjs").directory(NodeSdk.DIR.toFile());
        pb.environment().put("GATEWAY_URL", gateway.toString());
        File err = File.createTempFile("openai-node", ".err");
        pb.redirectError(err);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("node failed: " + Files.readString(err.toPath()) + stdout)
                .isZero();
        JsonObject out =
                new JsonObject(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());

        JsonObject a = out.getJsonObject("anthropic");
        assertThat(a.getJsonObject("plain").getString("content")).isEqualTo("Hello from Claude");
        assertThat(a.getJsonObject("plain").getString("finish")).isEqualTo("stop");
        assertThat(a.getJsonObject("plain").getJsonObject("usage").getInteger("prompt_tokens"))
                .isEqualTo(12);
        assertThat(a.getJsonObject("stream").getString("text")).isEqualTo("Hello");
        assertThat(a.getJsonObject("stream").getString("finish")).isEqualTo("stop");
        assertThat(a.getJsonObject("stream").getJsonObject("usage").getInteger("completion_tokens"))
                .isEqualTo(5);
        JsonObject streamedTools = a.getJsonObject("streamedTools");
        assertThat(streamedTools.getString("finish")).isEqualTo("tool_calls");
        assertThat(streamedTools.getJsonArray("calls").getJsonObject(0).getString("name"))
                .isEqualTo("get_weather");
        assertThat(new JsonObject(streamedTools
                                .getJsonArray("calls")
                                .getJsonObject(0)
                                .getString("arguments"))
                        .getString("location"))
                .isEqualTo("San Francisco, CA");
        JsonObject tools = a.getJsonObject("tools");
        assertThat(tools.getString("finish")).isEqualTo("tool_calls");
        assertThat(tools.getJsonObject("call").getString("name")).isEqualTo("get_weather");
        assertThat(tools.getJsonObject("call").getJsonObject("args").getString("location"))
                .isEqualTo("San Francisco, CA");
        assertThat(tools.getString("answer")).isEqualTo("Hello from Claude");

        JsonObject g = out.getJsonObject("gemini");
        assertThat(g.getJsonObject("plain").getString("content")).isEqualTo("Paris");
        assertThat(g.getJsonObject("plain").getJsonObject("usage").getInteger("completion_tokens"))
                .isEqualTo(450);
        assertThat(g.getJsonObject("stream").getString("text")).isEqualTo("The sky is blue.");
        assertThat(g.getJsonObject("stream").getJsonObject("usage").getInteger("total_tokens"))
                .isEqualTo(13);
        assertThat(g.getJsonObject("tools").getJsonObject("call").getString("name"))
                .isEqualTo("set_light_values");
        assertThat(g.getJsonObject("tools")
                        .getJsonObject("call")
                        .getJsonObject("args")
                        .getInteger("brightness"))
                .isEqualTo(25);
        assertThat(g.getJsonObject("tools").getString("answer")).isEqualTo("Paris");

        // what the providers received
        List<FakeUpstream.Received> seen = upstream.received();
        List<FakeUpstream.Received> toAnthropic =
                seen.stream().filter(r -> r.uri().equals(MESSAGES)).toList();
        assertThat(toAnthropic).hasSize(5);
        assertThat(toAnthropic)
                .allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo("sk-ant-node"));
        JsonObject result = toAnthropic.get(4).body().toJsonObject();
        JsonObject toolResult = result.getJsonArray("messages")
                .getJsonObject(2)
                .getJsonArray("content")
                .getJsonObject(0);
        assertThat(toolResult.getString("type")).isEqualTo("tool_result");
        assertThat(toolResult.getString("tool_use_id"))
                .isEqualTo(tools.getJsonObject("call").getString("id"));
        List<FakeUpstream.Received> toGemini =
                seen.stream().filter(r -> r.uri().startsWith(GEMINI)).toList();
        assertThat(toGemini).hasSize(4);
        assertThat(toGemini)
                .allSatisfy(r -> assertThat(r.header("x-goog-api-key")).isEqualTo("gemini-node"));
        assertThat(toGemini.get(1).uri()).isEqualTo(GEMINI + ":streamGenerateContent?alt=sse");
        Buffer answerTurn = toGemini.get(3).body();
        // the function call went back with Gemini's thought signature, its result as a functionResponse
        assertThat(answerTurn.toString())
                .contains("CiQB0e2Kb3dRh+BYdbZvmulSN2Pwwc75DfQOCBweaF4nQHhbKpQ=")
                .contains("functionResponse");
    }
}
