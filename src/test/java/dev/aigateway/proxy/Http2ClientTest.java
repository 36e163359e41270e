package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients speaking HTTP/2 (h2c, as an ingress in front of the pod would) get the same passthrough. */
@QuarkusTest
class Http2ClientTest extends GatewayTest {

    private Vertx vertx;
    private HttpClient client;

    @BeforeEach
    void startClient() {
        vertx = Vertx.vertx();
        client = vertx.createHttpClient(
                new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    }

    @AfterEach
    void stopClient() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void streamingResponseAndRequestBodyCrossTheGatewayOverHttp2() throws Exception {
        upstream.on("/anthropic/v1/messages", Fixtures.sse("anthropic/message.sse"));
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true}";

        var result = client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost(gateway.getHost())
                        .setPort(gateway.getPort())
                        .setURI("/v1/acct/default/anthropic/v1/messages")
                        .putHeader("x-api-key", "sk-ant-h2")
                        .putHeader("content-type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> new Object[] {resp.version(), resp.statusCode(), b}))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(result[0]).isEqualTo(HttpVersion.HTTP_2);
        assertThat(result[1]).isEqualTo(200);
        assertThat(result[2].toString()).isEqualTo(Fixtures.read("anthropic/message.sse"));
        assertThat(upstream.single().body().toString()).isEqualTo(body);
        assertThat(upstream.single().header("x-api-key")).isEqualTo("sk-ant-h2");
    }

    @Test
    void providerDyingMidBodyResetsTheHttp2StreamInsteadOfEndingIt() throws Exception {
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            req.response()
                    .setChunked(true)
                    .putHeader("content-type", "application/json")
                    .write("{\"partial\":");
            upstream.vertx().setTimer(100, t -> req.connection().close());
        });
        assertThat(postOverHttp2()).startsWith("broken: ");
    }

    @Test
    void providerDyingMidEventStreamEndsWithTheProvidersErrorEventOverHttp2() throws Exception {
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            req.response()
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream")
                    .write("data: 1\n\n");
            upstream.vertx().setTimer(100, t -> req.connection().close());
        });
        assertThat(postOverHttp2())
                .startsWith("clean end: data: 1\n\ndata: {\"error\":")
                .contains("stream_truncated");
    }

    private String postOverHttp2() throws Exception {
        return client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost(gateway.getHost())
                        .setPort(gateway.getPort())
                        .setURI("/v1/acct/default/openai/chat/completions"))
                .compose(req -> req.send(Buffer.buffer("{}")))
                .compose(resp -> resp.body())
                .map(body -> "clean end: " + body)
                .otherwise(failure -> "broken: " + failure.getClass().getSimpleName())
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }
}
