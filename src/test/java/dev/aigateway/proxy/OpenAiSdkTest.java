package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, with only its base URL changed, talks to a provider through the gateway. */
@QuarkusTest
class OpenAiSdkTest extends GatewayTest {

    private OpenAIClient client(String baseUrl) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("sk-client-key")
                .maxRetries(0)
                .build();
    }

    private String viaGateway() {
        return gateway.toString() + "v1/0123456789abcdef/default/openai";
    }

    private static ChatCompletionCreateParams params(boolean withGatewayHeaders) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Say hello")
                .putAdditionalQueryParam("trace", "a b");
        if (withGatewayHeaders) {
            b.putAdditionalHeader("cf-aig-metadata", "{\"user\":\"u1\"}")
                    .putAdditionalHeader("cf-aig-cache-ttl", "600")
                    .putAdditionalHeader("cf-aig-skip-cache", "true") // always reach the provider
                    .putAdditionalHeader("cf-aig-event-id", "evt-123");
        }
        return b.build();
    }

    @Test
    void chatCompletionReachesProviderUnchanged() {
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        // What the SDK sends when it talks to the provider directly...
        client(upstream.url() + "/openai/v1").chat().completions().create(params(false));
        FakeUpstream.Received direct = upstream.single();
        upstream.reset();
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));

        // ...is exactly what the provider sees when the SDK talks to the gateway.
        ChatCompletion completion = client(viaGateway()).chat().completions().create(params(true));

        assertThat(completion.choices().get(0).message().content()).contains("Hello from the fake upstream");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo(direct.uri()).isEqualTo("/openai/v1/chat/completions?trace=a%20b");
        assertThat(seen.body().toString()).isEqualTo(direct.body().toString());
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-client-key");
        assertThat(seen.hasHeaderStartingWith("cf-aig-")).isFalse();
        assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + upstream.port());
    }

    @Test
    void streamingChatCompletionArrivesChunkByChunk() {
        upstream.on("/openai/v1/chat/completions", Fixtures.sse("openai/chat-completion.sse"));

        String text;
        long chunks;
        try (StreamResponse<ChatCompletionChunk> stream =
                client(viaGateway()).chat().completions().createStreaming(params(true))) {
            var all = stream.stream().toList();
            chunks = all.size();
            text = all.stream()
                    .flatMap(c -> c.choices().stream())
                    .map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }

        assertThat(text).isEqualTo("Hello");
        assertThat(chunks).isEqualTo(4);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.body().toJsonObject().getBoolean("stream")).isTrue();
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-client-key");
        assertThat(seen.hasHeaderStartingWith("cf-aig-")).isFalse();
    }
}
