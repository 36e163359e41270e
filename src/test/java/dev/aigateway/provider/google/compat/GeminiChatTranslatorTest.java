package dev.aigateway.provider.google.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden translations OpenAI Chat ⇄ Gemini generateContent (fixtures under {@code compat/gemini/}). */
class GeminiChatTranslatorTest {

    private final GeminiChatTranslator translator = new GeminiChatTranslator();

    private static String fixture(String name) {
        try (InputStream in = GeminiChatTranslatorTest.class.getResourceAsStream("/compat/gemini/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        return OpenAiShapes.object(bytes);
    }

    @Test
    void requestWithImagesToolRoundTripJsonSchemaAndThinking() {
        byte[] out = translator.request(OpenAiShapes.object(fixture("tools.request.json")), "gemini-2.5-flash");
        assertThat(json(out)).isEqualTo(OpenAiShapes.object(fixture("tools.expected.json")));
        assertThat(translator.path("gemini-2.5-flash", false))
                .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(translator.path("models/gemini-2.5-flash", true))
                .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void responseWithThoughtsAndFunctionCall() {
        byte[] out = translator.response(
                fixture("function-call.response.json").getBytes(StandardCharsets.UTF_8), 1764000000L);
        assertThat(json(out)).isEqualTo(OpenAiShapes.object(fixture("function-call.expected.json")));
    }

    @Test
    void safetyBlockIsContentFilter() {
        JsonNode out = json(translator.response(fixture("safety.response.json").getBytes(StandardCharsets.UTF_8), 1L));
        assertThat(out.path("choices").path(0).path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(out.path("choices").path(0).path("message").path("content").isNull())
                .isTrue();
    }

    @Test
    void streamIsTranslatedEventByEventAndEndsAfterTheConnection() {
        ChatStream stream = translator.stream(true, 1764000000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String event : fixture("text.sse").split("\r\n\r\n")) {
            if (!event.isBlank()) {
                stream.event(null, event.substring("data: ".length()), bytes -> out.writeBytes(bytes));
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("[DONE]");
        stream.end(true, bytes -> out.writeBytes(bytes));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fixture("text.expected.sse"));
    }

    @Test
    void errorsAndRefusals() {
        byte[] err = translator.error(
                429,
                "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(json(err))
                .isEqualTo(OpenAiShapes.object("{\"error\":{\"message\":\"Resource has been exhausted\","
                        + "\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"RESOURCE_EXHAUSTED\"}}"));
        assertThatThrownBy(() -> translator.request(
                        OpenAiShapes.object("{\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                        "gemini-2.5-flash"))
                .isInstanceOf(CompatRefusal.class);
        assertThatThrownBy(() -> translator.request(
                        OpenAiShapes.object("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "../x?key=1"))
                .isInstanceOf(CompatRefusal.class);
    }
}
