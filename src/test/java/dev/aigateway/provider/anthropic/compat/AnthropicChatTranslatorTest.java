package dev.aigateway.provider.anthropic.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Golden translations OpenAI Chat ⇄ Anthropic Messages, from the providers' documented example payloads (fixtures
 * under {@code src/test/resources/compat/anthropic/}): request, response JSON, error, and a stream event by event.
 */
class AnthropicChatTranslatorTest {

    static final long CREATED = 1764000000L;
    private final AnthropicChatTranslator translator = new AnthropicChatTranslator(4096);

    static String fixture(String name) {
        try (InputStream in = AnthropicChatTranslatorTest.class.getResourceAsStream("/compat/anthropic/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        return OpenAiShapes.object(text);
    }

    private JsonNode request(String fixture) {
        ObjectNode chat = OpenAiShapes.object(fixture(fixture));
        String before = chat.toString();
        byte[] out = translator.request(chat, "claude-sonnet-4-5");
        assertThat(chat.toString()).as("the client's body is not modified").isEqualTo(before);
        return json(new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void requestWithSystemImagesToolCallsAndToolResults() {
        assertThat(request("tools.request.json")).isEqualTo(json(fixture("tools.expected.json")));
    }

    @Test
    void requestWithThinkingBlocksReasoningEffortJsonSchemaAndNamedTool() {
        assertThat(request("reasoning.request.json")).isEqualTo(json(fixture("reasoning.expected.json")));
    }

    @Test
    void responseWithThinkingToolUseAndCacheUsage() {
        byte[] out =
                translator.response(fixture("thinking-tool.response.json").getBytes(StandardCharsets.UTF_8), CREATED);
        assertThat(json(new String(out, StandardCharsets.UTF_8)))
                .isEqualTo(json(fixture("thinking-tool.expected.json")));
    }

    @Test
    void errorBecomesTheOpenAiErrorObject() {
        byte[] out = translator.error(429, fixture("rate-limit.error.json").getBytes(StandardCharsets.UTF_8));
        assertThat(json(new String(out, StandardCharsets.UTF_8))).isEqualTo(json(fixture("rate-limit.expected.json")));
        byte[] unreadable = translator.error(502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertThat(json(new String(unreadable, StandardCharsets.UTF_8))
                        .path("error")
                        .path("message")
                        .asText())
                .contains("502");
    }

    @Test
    void streamIsTranslatedEventByEvent() {
        ChatStream stream = translator.stream(true, CREATED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] expected = fixture("tool-stream.expected.sse").split("(?<=\n\n)");
        int emitted = 0;
        for (String event : fixture("tool-stream.sse").split("\n\n")) {
            if (event.isBlank()) {
                continue;
            }
            String[] lines = event.split("\n");
            String name = lines[0].substring("event: ".length());
            String data = lines[1].substring("data: ".length());
            stream.event(name, data, bytes -> out.writeBytes(bytes));
            emitted++;
        }
        assertThat(emitted).isEqualTo(19);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("", expected));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunkAndNoUsageFields() {
        ChatStream stream = translator.stream(false, CREATED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String event : fixture("tool-stream.sse").split("\n\n")) {
            if (!event.isBlank()) {
                String[] lines = event.split("\n");
                stream.event(lines[0].substring(7), lines[1].substring(6), bytes -> out.writeBytes(bytes));
            }
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("usage").endsWith("data: [DONE]\n\n");
    }

    @Test
    void streamErrorEventBecomesTheOpenAiInStreamError() {
        ChatStream stream = translator.stream(false, CREATED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.event(
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                bytes -> out.writeBytes(bytes));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":\"overloaded_error\"}}\n\n");
    }

    @Test
    void finishReasons() {
        assertThat(AnthropicChatResponse.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicChatResponse.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(AnthropicChatResponse.finishReason("max_tokens")).isEqualTo("length");
        assertThat(AnthropicChatResponse.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(AnthropicChatResponse.finishReason("refusal")).isEqualTo("content_filter");
    }

    @Test
    void parametersAnthropicCannotHonourAreRefused() {
        assertRefused("{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "n");
        assertRefused(
                "{\"model\":\"m\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "logprobs");
        assertRefused("{\"model\":\"m\",\"seed\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "seed");
        assertRefused(
                "{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "response_format");
        assertRefused("{\"model\":\"m\",\"messages\":[]}", "messages");
        assertRefused(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}",
                "messages[0].content");
    }

    private void assertRefused(String body, String param) {
        assertThatThrownBy(() -> translator.request(OpenAiShapes.object(body), "claude"))
                .isInstanceOf(CompatRefusal.class)
                .satisfies(e -> assertThat(((CompatRefusal) e).param()).isEqualTo(param));
    }

    @Test
    void defaultMaxTokensWhenTheClientSetsNone() {
        JsonNode out = json(new String(
                translator.request(
                        OpenAiShapes.object("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                        "claude-haiku-4-5"),
                StandardCharsets.UTF_8));
        assertThat(out.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(out.path("model").asText()).isEqualTo("claude-haiku-4-5");
    }
}
