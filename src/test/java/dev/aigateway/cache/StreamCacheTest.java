package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Streams are cached too: recorded as they are forwarded, replayed byte for byte, never when truncated. */
@QuarkusTest
class StreamCacheTest extends GatewayTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/cached/openai")
                .apiKey("sk-client-key")
                .maxRetries(0)
                .build();
    }

    private static List<String> streamedContent(OpenAIClient client, String question) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage(question)
                .build();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            return stream.stream()
                    .flatMap(c -> c.choices().stream())
                    .map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void officialClientGetsTheSameStreamFromTheCache() {
        upstream.on("/openai/v1/chat/completions", Fixtures.sse("openai/chat-completion.sse"));
        String question = "Stream hello " + UUID.randomUUID();

        double before = stored();
        List<String> first = streamedContent(client(), question);
        awaitStoredBeyond(before);
        List<String> second = streamedContent(client(), question);

        assertThat(String.join("", first)).isNotEmpty();
        assertThat(second).isEqualTo(first);
        assertThat(upstream.received()).hasSize(1);
    }

    private HttpResponse<byte[]> rawStream(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/cached/openai/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer sk-client-key")
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Cache entries stored for gateway {@code cached} so far ({@code gateway_cache_events_total{event="stored"}}). */
    private double stored() {
        return given().baseUri(gateway.toString())
                .get("q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("gateway_cache_events_total{")
                        && l.contains("event=\"stored\"")
                        && l.contains("gateway=\"cached\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * The entry is written once the first answer has reached the client, so a second request sent right after it may
     * still miss: wait until the store is counted (the test is about what the replay holds, not about that race).
     */
    private void awaitStoredBeyond(double before) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stored() > before);
    }

    @Test
    void replayIsByteIdenticalWithTheSameFraming() throws Exception {
        upstream.on("/openai/v1/chat/completions", Fixtures.sse("openai/chat-completion.sse"));
        String body = "{\"stream\":true,\"q\":\"" + UUID.randomUUID() + "\"}";

        double before = stored();
        HttpResponse<byte[]> first = rawStream(body);
        awaitStoredBeyond(before);
        HttpResponse<byte[]> second = rawStream(body);

        assertThat(first.headers().firstValue("cf-aig-cache-status")).contains("MISS");
        assertThat(second.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        assertThat(second.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(new String(second.body())).isEqualTo(Fixtures.read("openai/chat-completion.sse"));
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void anthropicStreamIsReplayedWithItsTerminalEvent() throws Exception {
        upstream.on("/anthropic/v1/messages", Fixtures.sse("anthropic/message.sse"));
        String body = "{\"stream\":true,\"q\":\"" + UUID.randomUUID() + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/cached/anthropic/v1/messages"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("x-api-key", "sk-ant")
                .header("anthropic-version", "2023-06-01")
                .build();

        double before = stored();
        http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        awaitStoredBeyond(before);
        HttpResponse<String> second = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(second.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        assertThat(second.body())
                .isEqualTo(Fixtures.read("anthropic/message.sse"))
                .contains("message_stop");
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void streamWithoutTerminalMarkerIsNotCached() throws Exception {
        upstream.on("/openai/v1/chat/completions", (req, b) -> req.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .end("data: {\"choices\":[{\"delta\":{\"content\":\"cut\"}}]}\n\n"));
        String body = "{\"stream\":true,\"q\":\"" + UUID.randomUUID() + "\"}";

        rawStream(body);
        HttpResponse<byte[]> second = rawStream(body);

        assertThat(second.headers().firstValue("cf-aig-cache-status")).contains("MISS");
        assertThat(upstream.received()).hasSize(2);
    }
}
