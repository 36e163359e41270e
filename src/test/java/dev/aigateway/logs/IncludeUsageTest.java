package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway asks OpenAI-family streams for usage when the client did not, and hides it again: the official OpenAI
 * client sees exactly the stream it asked for, the log row has the tokens.
 */
@QuarkusTest
class IncludeUsageTest extends GatewayTest {

    /** What OpenAI streams when include_usage is on: usage:null on every chunk, then a usage-only chunk. */
    private void upstreamStreamsWithUsage() {
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            boolean asked = new JsonObject(body)
                    .getJsonObject("stream_options", new JsonObject())
                    .getBoolean("include_usage", false);
            String stream = Fixtures.read("usage/openai-chat-include-usage.sse");
            if (!asked) {
                stream = stream.replace(",\"usage\":null", "");
                stream = stream.substring(
                                0,
                                stream.indexOf(
                                        "data: {\"id\":\"chatcmpl-3\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"))
                        + "data: [DONE]\n\n";
            }
            req.response().putHeader("content-type", "text/event-stream").end(stream);
        });
    }

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/openai/v1")
                .apiKey("sk-client")
                .maxRetries(0)
                .build();
    }

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi");
    }

    @Test
    void clientThatDidNotAskSeesNoUsageButTheLogHasIt() {
        upstreamStreamsWithUsage();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream =
                client().chat().completions().createStreaming(params().build())) {
            chunks = stream.stream().toList();
        }
        assertThat(chunks).hasSize(3); // role, content, finish: no usage-only chunk
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c._additionalProperties()).doesNotContainKey("usage");
        });
        assertThat(chunks.get(1).choices().get(0).delta().content()).contains("Hi");
        JsonObject sent = new JsonObject(upstream.single().body());
        assertThat(sent.getJsonObject("stream_options").getBoolean("include_usage"))
                .isTrue();
        assertThat(sent.getBoolean("stream")).isTrue();

        String raw = upstream.single().header("content-length");
        assertThat(Integer.parseInt(raw)).isEqualTo(upstream.single().body().length());
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestDb.query(
                        "SELECT * FROM request_logs WHERE gateway_id = 'default' AND model = ? "
                                + "AND created_at > now() - interval '30 seconds' AND tokens_in = 9",
                        "gpt-4o-mini-2024-07-18")
                .isEmpty());
    }

    @Test
    void clientThatAskedGetsTheUsageChunk() {
        upstreamStreamsWithUsage();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client().chat()
                .completions()
                .createStreaming(params().streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            chunks = stream.stream().toList();
        }
        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(3).usage()).isPresent();
        assertThat(chunks.get(3).usage().get().totalTokens()).isEqualTo(11);
    }

    @Test
    void nonStreamingAndOptedOutRequestsAreSentUnchanged() {
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";
        postChat("default", body, Map.of()).then().statusCode(200);
        assertThat(upstream.single().body().toString()).isEqualTo(body);
        upstream.reset();
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true}";
        postChat("default", stream, Map.of("cf-aig-collect-log", "false"))
                .then()
                .statusCode(200);
        assertThat(upstream.single().body().toString()).isEqualTo(stream); // not logged: nothing to ask for
    }
}
