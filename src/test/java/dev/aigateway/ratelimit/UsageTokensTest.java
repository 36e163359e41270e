package dev.aigateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Token settlement reads the usage providers report, from recorded responses. */
class UsageTokensTest {

    private static long total(String contentType, String body) {
        return UsageTokens.total(contentType, Buffer.buffer(body));
    }

    @Test
    void openAiJsonUsesTotalTokens() {
        assertThat(total("application/json", Fixtures.read("openai/chat-completion.json")))
                .isEqualTo(new io.vertx.core.json.JsonObject(Fixtures.read("openai/chat-completion.json"))
                        .getJsonObject("usage")
                        .getLong("total_tokens"));
    }

    @Test
    void anthropicJsonAddsInputOutputAndCacheTokens() {
        String body = "{\"type\":\"message\",\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":100,"
                + "\"cache_read_input_tokens\":1000,\"output_tokens\":7}}";
        assertThat(total("application/json", body)).isEqualTo(1117);
    }

    @Test
    void anthropicStreamTakesInputFromMessageStartAndTheLatestOutput() {
        // message_start: 12 input, 1 output; message_delta (cumulative): 5 output.
        assertThat(total("text/event-stream", Fixtures.read("anthropic/message.sse")))
                .isEqualTo(17);
    }

    @Test
    void openAiStreamTakesTheUsageChunkAndCopesWithCrlfAndComments() {
        String stream = ": keep-alive\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\r\n\r\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}"
                + "\r\n\r\ndata: [DONE]\r\n\r\n";
        assertThat(total("text/event-stream; charset=utf-8", stream)).isEqualTo(12);
    }

    @Test
    void geminiUsesTotalTokenCount() {
        String body = "{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":3,"
                + "\"thoughtsTokenCount\":20,\"totalTokenCount\":32}}";
        assertThat(total("application/json; charset=UTF-8", body)).isEqualTo(32);
    }

    @Test
    void unknownUsageIsMinusOne() {
        assertThat(total("application/json", "{\"data\":[]}")).isEqualTo(-1);
        assertThat(total("application/json", "not json")).isEqualTo(-1);
        assertThat(total("text/plain", "12")).isEqualTo(-1);
        assertThat(total("text/event-stream", "data: [DONE]\n\n")).isEqualTo(-1);
    }
}
