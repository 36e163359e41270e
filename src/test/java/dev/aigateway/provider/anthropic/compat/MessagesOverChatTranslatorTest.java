package dev.aigateway.provider.anthropic.compat;

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

/** Golden translations Anthropic Messages ⇄ OpenAI Chat (the unified API's /compat/messages to OpenAI-family targets). */
class MessagesOverChatTranslatorTest {

    private final MessagesOverChatTranslator translator = new MessagesOverChatTranslator("/chat/completions");

    private static String fixture(String name) {
        try (InputStream in = MessagesOverChatTranslatorTest.class.getResourceAsStream("/compat/messages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void requestWithSystemImagesToolRoundTripAndThinking() {
        byte[] out = translator.request(OpenAiShapes.object(fixture("request.anthropic.json")), "gpt-4o-mini");
        assertThat((JsonNode) OpenAiShapes.object(out))
                .isEqualTo(OpenAiShapes.object(fixture("request.expected.json")));
    }

    @Test
    void responseWithCachedUsage() {
        String completion =
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\",\"tool_calls\":["
                        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":7,"
                        + "\"total_tokens\":107,\"prompt_tokens_details\":{\"cached_tokens\":60}}}";
        byte[] out = translator.response(completion.getBytes(StandardCharsets.UTF_8), 0);
        assertThat((JsonNode) OpenAiShapes.object(out))
                .isEqualTo(OpenAiShapes.object("{\"id\":\"chatcmpl-1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"gpt-4o-mini\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},"
                        + "{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"f\",\"input\":{\"a\":1}}],"
                        + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":40,"
                        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":60,\"output_tokens\":7}}"));
    }

    @Test
    void streamWithTextThenToolCall() {
        ChatStream stream = translator.stream(false, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String event : fixture("tool-stream.openai.sse").split("\n\n")) {
            if (!event.isBlank()) {
                stream.event(null, event.substring("data: ".length()), bytes -> out.writeBytes(bytes));
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fixture("tool-stream.expected.sse"));
    }

    @Test
    void errorsAndRefusals() {
        byte[] err = translator.error(
                429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat((JsonNode) OpenAiShapes.object(err))
                .isEqualTo(
                        OpenAiShapes.object(
                                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limit reached\"}}"));
        assertThatThrownBy(() -> translator.request(
                        OpenAiShapes.object(
                                "{\"max_tokens\":5,\"top_k\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                        "gpt-4o-mini"))
                .isInstanceOf(CompatRefusal.class);
        assertThatThrownBy(() -> translator.request(
                        OpenAiShapes.object("{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":"
                                + "[{\"type\":\"document\",\"source\":{}}]}]}"),
                        "gpt-4o-mini"))
                .isInstanceOf(CompatRefusal.class);
    }
}
