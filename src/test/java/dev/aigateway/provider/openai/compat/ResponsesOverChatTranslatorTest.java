package dev.aigateway.provider.openai.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigateway.provider.anthropic.compat.AnthropicChatTranslator;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.ComposedTranslator;
import dev.aigateway.provider.compat.OpenAiShapes;
import dev.aigateway.provider.google.compat.GeminiChatTranslator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Golden translations OpenAI Responses ⇄ OpenAI Chat, alone and composed with the Anthropic and Gemini translators (the
 * unified API's /compat/responses), from the providers' documented payloads under {@code compat/}.
 */
class ResponsesOverChatTranslatorTest {

    private static final long CREATED = 1700000000;

    private static String fixture(String name) {
        try (InputStream in = ResponsesOverChatTranslatorTest.class.getResourceAsStream("/compat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatTranslator toAnthropic() {
        return new ComposedTranslator(
                new ResponsesOverChatTranslator("/chat/completions"), new AnthropicChatTranslator(1024));
    }

    private static ChatTranslator toGemini() {
        return new ComposedTranslator(new ResponsesOverChatTranslator("/chat/completions"), new GeminiChatTranslator());
    }

    @Test
    void requestWithInstructionsImageThinkingParallelToolRoundTripAndJsonSchema() {
        byte[] out = new ResponsesOverChatTranslator("/chat/completions")
                .request(OpenAiShapes.object(fixture("responses/request.responses.json")), "claude-sonnet-4-5");
        assertThat((JsonNode) OpenAiShapes.object(out))
                .isEqualTo(OpenAiShapes.object(fixture("responses/request.chat.json")));
    }

    @Test
    void composedRequestReachesAnthropicWithThinkingSignatureKept() {
        JsonNode sent = OpenAiShapes.object(
                toAnthropic().request(OpenAiShapes.object(fixture("responses/request.responses.json")), "claude-x"));
        JsonNode assistant = sent.path("messages").path(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("content").path(0).path("signature").asText())
                .isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
        assertThat(sent.path("system").path(0).path("text").asText()).isEqualTo("You are a weather assistant.");
        assertThat(sent.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
    }

    @Test
    void anthropicAnswerWithThinkingTextAndToolCall() {
        ChatTranslator t = toAnthropic();
        byte[] out =
                t.response(fixture("anthropic/thinking-tool.response.json").getBytes(StandardCharsets.UTF_8), CREATED);
        assertThat((JsonNode) OpenAiShapes.object(out))
                .isEqualTo(OpenAiShapes.object(fixture("responses/anthropic-thinking-tool.expected.json")));
    }

    @Test
    void geminiFunctionCallAnswer() {
        byte[] out = toGemini()
                .response(fixture("gemini/function-call.response.json").getBytes(StandardCharsets.UTF_8), CREATED);
        assertThat((JsonNode) OpenAiShapes.object(out))
                .isEqualTo(OpenAiShapes.object(fixture("responses/gemini-function-call.expected.json")));
    }

    @Test
    void geminiThoughtSignatureRidesInTheCallIdAndIsRestoredOnTheNextTurn() {
        String signature = "CiQB0e2Kb3dRh+BYdbZvmulSN2Pwwc75DfQOCBweaF4nQHhbKpQ=";
        String callId = "call_0" + ResponsesOverChatResponse.SIGNATURE_MARK + signature;
        String next = "{\"input\":[{\"role\":\"user\",\"content\":\"Dim the lights\"},"
                + "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"" + callId + "\","
                + "\"name\":\"set_light_values\",\"arguments\":\"{\\\"brightness\\\":25}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"" + callId + "\",\"output\":\"done\"}]}";

        JsonNode chat = OpenAiShapes.object(
                new ResponsesOverChatTranslator("/chat/completions").request(OpenAiShapes.object(next), "m"));
        JsonNode call = chat.path("messages").path(1).path("tool_calls").path(0);
        assertThat(call.path("id").asText()).isEqualTo("call_0");
        assertThat(call.path("extra_content")
                        .path("google")
                        .path("thought_signature")
                        .asText())
                .isEqualTo(signature);
        assertThat(chat.path("messages").path(2).path("tool_call_id").asText()).isEqualTo("call_0");

        JsonNode sent = OpenAiShapes.object(toGemini().request(OpenAiShapes.object(next), "gemini-2.5-flash"));
        JsonNode part = sent.path("contents").path(1).path("parts").path(0);
        assertThat(part.path("thoughtSignature").asText()).isEqualTo(signature);
        assertThat(part.path("functionCall").path("name").asText()).isEqualTo("set_light_values");
        assertThat(sent.path("contents")
                        .path(2)
                        .path("parts")
                        .path(0)
                        .path("functionResponse")
                        .path("name")
                        .asText())
                .isEqualTo("set_light_values");

        // A call id without the mark (another provider's, or a client's own) goes through untouched.
        JsonNode plain = OpenAiShapes.object(new ResponsesOverChatTranslator("/chat/completions")
                .request(OpenAiShapes.object(next.replace(callId, "toolu_1")), "m"));
        assertThat(plain.path("messages").path(1).path("tool_calls").path(0).has("extra_content"))
                .isFalse();
        assertThat(plain.path("messages")
                        .path(1)
                        .path("tool_calls")
                        .path(0)
                        .path("id")
                        .asText())
                .isEqualTo("toolu_1");
    }

    @Test
    void geminiStreamedFunctionCallKeepsItsThoughtSignature() {
        String event = "data: " + OpenAiShapes.object(fixture("gemini/function-call.response.json")) + "\n\n";
        String out = stream(toGemini(), event);
        assertThat(out)
                .contains("\"call_id\":\"call_0" + ResponsesOverChatResponse.SIGNATURE_MARK
                        + "CiQB0e2Kb3dRh+BYdbZvmulSN2Pwwc75DfQOCBweaF4nQHhbKpQ=\"")
                .contains("event: response.completed\n");
    }

    @Test
    void anthropicStreamWithThinkingTextAndParallelToolCalls() {
        assertThat(stream(toAnthropic(), fixture("anthropic/tool-stream.sse")))
                .isEqualTo(fixture("responses/anthropic-tool-stream.expected.sse"));
    }

    @Test
    void geminiTextStream() {
        assertThat(stream(toGemini(), fixture("gemini/text.sse")))
                .isEqualTo(fixture("responses/gemini-text.expected.sse"));
    }

    @Test
    void lengthEndsIncompleteAndAnInStreamErrorFails() {
        ChatStream s = new ResponsesOverChatTranslator("/chat/completions").stream(false, CREATED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.event(
                null,
                "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                out::writeBytes);
        s.event(
                null,
                "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}",
                out::writeBytes);
        s.event(null, "[DONE]", out::writeBytes);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("event: response.incomplete\n").doesNotContain("response.completed");
        assertThat(text).contains("\"incomplete_details\":{\"reason\":\"max_output_tokens\"}");

        ChatStream broken = new ResponsesOverChatTranslator("/chat/completions").stream(false, CREATED);
        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        broken.event(
                null,
                "{\"id\":\"c2\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                failed::writeBytes);
        broken.event(null, "{\"error\":{\"message\":\"overloaded\",\"code\":\"overloaded\"}}", failed::writeBytes);
        broken.event(null, "[DONE]", failed::writeBytes);
        assertThat(failed.toString(StandardCharsets.UTF_8))
                .contains("event: response.failed\n")
                .contains("\"error\":{\"code\":\"overloaded\",\"message\":\"overloaded\"}")
                .doesNotContain("response.completed");
    }

    @Test
    void statefulRequestsAndBuiltInToolsAreRefused() {
        ResponsesOverChatTranslator t = new ResponsesOverChatTranslator("/chat/completions");
        for (String body : new String[] {
            "{\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}",
            "{\"input\":\"hi\",\"conversation\":\"conv_1\"}",
            "{\"input\":\"hi\",\"store\":true}",
            "{\"input\":\"hi\",\"background\":true}",
            "{\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}",
            "{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}",
            "{\"input\":\"hi\",\"include\":[\"file_search_call.results\"]}"
        }) {
            assertThatThrownBy(() -> t.request(OpenAiShapes.object(body), "m"))
                    .as(body)
                    .isInstanceOf(CompatRefusal.class);
        }
    }

    @Test
    void providerErrorsKeepOpenAisErrorShape() {
        byte[] err = toAnthropic()
                .error(429, fixture("anthropic/rate-limit.error.json").getBytes(StandardCharsets.UTF_8));
        JsonNode e = OpenAiShapes.object(err).path("error");
        assertThat(e.path("type").asText()).isNotEmpty();
        assertThat(e.has("message") && e.has("param") && e.has("code")).isTrue();
    }

    /** Feeds a provider's SSE fixture event by event, as the relay's scanner does. */
    static String stream(ChatTranslator t, String sse) {
        ChatStream s = t.stream(false, CREATED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String event : sse.replace("\r\n", "\n").split("\n\n")) {
            if (event.isBlank()) {
                continue;
            }
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                }
            }
            s.event(name, data.toString(), out::writeBytes);
        }
        s.end(true, out::writeBytes);
        return out.toString(StandardCharsets.UTF_8);
    }
}
