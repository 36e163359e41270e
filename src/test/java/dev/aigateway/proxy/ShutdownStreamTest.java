package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Streams still open when the graceful shutdown period is over end with the provider's error event and are logged as
 * cut by the shutdown, not as a client abort with a reset. ({@link OpenStreams#cutAll} is what the shutdown runs.)
 */
@QuarkusTest
class ShutdownStreamTest extends GatewayTest {

    @Test
    void openStreamEndsWithTheErrorEventAndIsLoggedAsShutdown() throws Exception {
        upstream.on("/openai/v1/chat/completions", (req, body) -> req.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .write("data: {\"n\":1}\n\n")); // and never ends
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/openai/v1/chat/completions"))
                .header("authorization", "Bearer sk-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true}"))
                .build();
        HttpResponse<InputStream> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        byte[] first = new byte[15];
        assertThat(in.readNBytes(first, 0, first.length)).isEqualTo(15);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: {\"n\":1}\n\n");

        assertThat(OpenStreams.cutAll()).isGreaterThanOrEqualTo(1);

        String rest = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        return "reset: " + e;
                    }
                })
                .get(5, TimeUnit.SECONDS);
        assertThat(rest).startsWith("data: {\"error\":").contains("shutting down");

        String id = response.headers().firstValue("cf-aig-log-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
        Map<String, Object> row = TestDb.logRow(id);
        assertThat(row.get("error_class")).isEqualTo("shutdown");
    }
}
