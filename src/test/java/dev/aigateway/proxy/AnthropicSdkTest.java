package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK, with only its base URL changed, talks to Claude through the gateway. */
@QuarkusTest
class AnthropicSdkTest extends GatewayTest {

    private String base(String gatewayId) {
        return gateway.toString() + "v1/0123456789abcdef/" + gatewayId + "/anthropic";
    }

    /** The official client pointed at the gateway, without its own retries (so the provider sees one call). */
    private static AnthropicOkHttpClient.Builder client(String baseUrl) {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl).maxRetries(0);
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(64)
                .addUserMessage("Say hello")
                .putAdditionalHeader("cf-aig-metadata", "{\"team\":\"a\"}")
                .putAdditionalQueryParam("beta", "true")
                .build();
    }

    @Test
    void messageReachesProviderUnchanged() {
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        AnthropicClient client = client(base("default")).apiKey("sk-ant-client").build();

        Message message = client.messages().create(params());

        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello from Claude");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/anthropic/v1/messages?beta=true");
        // anthropic-java sends its API key as a bearer token; the gateway forwards it as it came.
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-ant-client");
        assertThat(seen.header("anthropic-version")).isNotBlank();
        assertThat(seen.body().toJsonObject().getString("model")).isEqualTo("claude-sonnet-4-5");
        assertThat(seen.body().toJsonObject().getInteger("max_tokens")).isEqualTo(64);
        assertThat(seen.hasHeaderStartingWith("cf-aig-")).isFalse();
    }

    @Test
    void streamingMessageArrivesEventByEvent() {
        upstream.on("/anthropic/v1/messages", Fixtures.sse("anthropic/message.sse"));
        AnthropicClient client =
                client(base("default")).authToken("sk-ant-oauth-style").build();

        String text;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params())) {
            text = stream.stream()
                    .flatMap(e -> e.contentBlockDelta().stream())
                    .flatMap(d -> d.delta().text().stream())
                    .map(t -> t.text())
                    .collect(Collectors.joining());
        }

        assertThat(text).isEqualTo("Hello");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-ant-oauth-style");
        assertThat(seen.body().toJsonObject().getBoolean("stream")).isTrue();
        assertThat(seen.hasHeaderStartingWith("cf-aig-")).isFalse();
    }

    @Test
    void gatewayTokenInTheSdkAuthSlotIsReplacedByTheStoredKey() {
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        // Cloudflare's documented workaround: the SDK carries the gateway token as its bearer token.
        AnthropicClient client =
                client(base("secured")).authToken("gw-token-two").build();

        Message message = client.messages().create(params());

        assertThat(message.id()).isEqualTo("msg_01");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-api-key")).isEqualTo("sk-ant-stored");
        assertThat(seen.header("authorization")).isNull();
    }
}
