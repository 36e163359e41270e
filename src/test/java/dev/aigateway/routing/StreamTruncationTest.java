package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream that dies after it started can no longer be retried: the client gets what was sent plus the provider's own
 * error event, never a clean-looking end.
 */
@QuarkusTest
class StreamTruncationTest extends GatewayTest {

    private static final String CHUNK_1 = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private static final String CHUNK_2 = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n";

    /** Sends two chat chunks, then breaks the connection (or ends without [DONE] when {@code cleanEnd}). */
    private void openAiStreamDiesAfterTwoEvents(boolean cleanEnd) {
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(CHUNK_1);
            response.write(CHUNK_2);
            upstream.vertx().setTimer(100, t -> {
                if (cleanEnd) {
                    response.end();
                } else {
                    req.connection().close();
                }
            });
        });
    }

    @Test
    void brokenStreamReachesTheClientAsTwoEventsPlusAnErrorEvent() {
        openAiStreamDiesAfterTwoEvents(false);
        String body = postChat("default", "{\"stream\":true}", Map.of("cf-aig-max-attempts", "3"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(body).startsWith(CHUNK_1 + CHUNK_2);
        assertThat(body.substring((CHUNK_1 + CHUNK_2).length()))
                .startsWith("data: {\"error\":{")
                .contains("\"code\":\"stream_truncated\"")
                .doesNotContain("[DONE]");
        assertThat(upstream.received()).hasSize(1); // after the first byte: never retried
        assertThat(given().get("/q/metrics").asString())
                .contains("gateway_streams_truncated_total{gateway=\"default\",provider=\"openai\"}");
    }

    @Test
    void streamEndingWithoutItsTerminalMarkerIsReportedToo() {
        openAiStreamDiesAfterTwoEvents(true);
        String body = postChat("default", "{\"stream\":true}", Map.of()).asString();
        assertThat(body).startsWith(CHUNK_1 + CHUNK_2).contains("stream_truncated");
    }

    @Test
    void officialOpenAiClientSeesTheChunksThenAnError() {
        openAiStreamDiesAfterTwoEvents(false);
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/openai")
                .apiKey("sk-client")
                .maxRetries(0)
                .build();
        List<String> deltas = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (var stream = client.chat()
                            .completions()
                            .createStreaming(ChatCompletionCreateParams.builder()
                                    .model("gpt-4o-mini")
                                    .addUserMessage("hi")
                                    .build())) {
                        stream.stream()
                                .forEach((ChatCompletionChunk c) -> deltas.add(
                                        c.choices().get(0).delta().content().orElse("")));
                    }
                })
                .hasMessageContaining("stream");
        assertThat(deltas).containsExactly("Hel", "lo");
    }

    @Test
    void officialAnthropicClientSeesTheEventsThenAnError() {
        upstream.on("/anthropic/v1/messages", (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                            + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\","
                            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n");
            response.write("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
            upstream.vertx().setTimer(100, t -> req.connection().close());
        });
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/anthropic")
                .apiKey("sk-ant-client")
                .maxRetries(0)
                .build();
        List<String> events = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                    .createStreaming(MessageCreateParams.builder()
                            .model("claude-sonnet-4-5")
                            .maxTokens(64)
                            .addUserMessage("hi")
                            .build())) {
                stream.stream().forEach(e -> events.add(e.isMessageStart() ? "message_start" : "content_block_start"));
            }
        });
        assertThat(events).containsExactly("message_start", "content_block_start");
        String raw = given().contentType("application/json")
                .header("x-api-key", "sk-ant-client")
                .body("{\"stream\":true}")
                .post("/v1/acct/default/anthropic/v1/messages")
                .asString();
        assertThat(raw)
                .contains("event: content_block_start")
                .endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                        + "\"The connection to the provider broke before the stream ended\"}}\n\n");
    }
}
