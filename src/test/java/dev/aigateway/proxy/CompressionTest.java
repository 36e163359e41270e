package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Real providers compress when asked and real clients ask (httpx, OkHttp): the gateway asks providers for identity, so
 * usage, logs, limits and the cache see plain bytes, and compresses toward the client only when the client asked.
 */
@QuarkusTest
class CompressionTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<byte[]> post(String gatewayId, String body, String acceptEncoding, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(gateway + "v1/acct/" + gatewayId + "/openai/v1/chat/completions"))
                .header("authorization", "Bearer sk-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (acceptEncoding != null) {
            b.header("accept-encoding", acceptEncoding);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Object> logRowOf(HttpResponse<?> response) {
        String id = response.headers().firstValue("cf-aig-log-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
        return TestDb.logRow(id);
    }

    @Test
    void gzipClientGetsGzipWhileUsageAndPayloadAreReadPlain() throws Exception {
        String json = Fixtures.read("openai/chat-completion.json");
        upstream.onJson(CHAT, 200, json);
        HttpResponse<byte[]> response = post("default", "{\"model\":\"gpt-4o-mini\"}", "gzip, deflate, br");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.single().header("accept-encoding")).isEqualTo("identity");
        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(response.body())).isEqualTo(json);

        Map<String, Object> row = logRowOf(response);
        assertThat(row.get("tokens_in")).isEqualTo(9L);
        assertThat(row.get("tokens_out")).isEqualTo(5L);
        assertThat(row.get("cost")).isNotNull();
        List<Map<String, Object>> payload =
                TestDb.query("SELECT response_body FROM request_log_payloads WHERE log_id = ?", row.get("id"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !TestDb.query("SELECT 1 FROM request_log_payloads WHERE log_id = ?", row.get("id"))
                        .isEmpty());
        payload = TestDb.query("SELECT response_body FROM request_log_payloads WHERE log_id = ?", row.get("id"));
        assertThat(new String((byte[]) payload.get(0).get("response_body"), StandardCharsets.UTF_8))
                .isEqualTo(json);
    }

    @Test
    void clientThatDidNotAskGetsIdentityAlsoFromTheCache() throws Exception {
        String json = "{\"id\":\"c-" + UUID.randomUUID() + "\",\"model\":\"gpt-4o-mini\",\"usage\":"
                + "{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
        upstream.onJson(CHAT, 200, json);
        String body = "{\"model\":\"gpt-4o-mini\",\"q\":\"" + UUID.randomUUID() + "\"}";

        HttpResponse<byte[]> miss = post("cached", body, "gzip");
        assertThat(miss.headers().firstValue("cf-aig-cache-status")).hasValue("MISS");
        assertThat(gunzip(miss.body())).isEqualTo(json);

        // A later client that never asked for gzip: a plain HIT (the entry was stored plain).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<byte[]> hit = post("cached", body, null);
            assertThat(hit.headers().firstValue("cf-aig-cache-status")).hasValue("HIT");
            assertThat(hit.headers().firstValue("content-encoding").orElse("identity"))
                    .isEqualTo("identity");
            assertThat(new String(hit.body(), StandardCharsets.UTF_8)).isEqualTo(json);
        });
        HttpResponse<byte[]> identity = post("cached", body, "identity");
        assertThat(identity.headers().firstValue("content-encoding").orElse("identity"))
                .isEqualTo("identity");
        assertThat(new String(identity.body(), StandardCharsets.UTF_8)).isEqualTo(json);

        HttpResponse<byte[]> gzipHit = post("cached", body, "gzip");
        assertThat(gzipHit.headers().firstValue("cf-aig-cache-status")).hasValue("HIT");
        assertThat(gzipHit.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(gzipHit.body())).isEqualTo(json);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void tokenReservationSettlesForAGzipClient() throws Exception {
        upstream.onJson(
                CHAT,
                200,
                "{\"id\":\"c1\",\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":10,\"total_tokens\":30}}");
        String user = "u-gz-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":500,\"q\":\"" + user + "\"}";
        long estimate = (body.length() + 3) / 4 + 500;
        HttpResponse<byte[]> first = post("budget", body, "gzip", "x-user-id", user, "cf-aig-skip-cache", "true");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue(Long.toString(1000 - estimate));

        String probeBody = "{\"max_tokens\":0}";
        long probeCost = (probeBody.length() + 3) / 4;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<byte[]> probe = post("budget", probeBody, "gzip", "x-user-id", user, "cf-aig-cache-ttl", "0");
            long remaining = Long.parseLong(
                    probe.headers().firstValue("RateLimit-Remaining").orElseThrow());
            assertThat(remaining).isGreaterThanOrEqualTo(1000 - 30 - 200 - probeCost);
        });
    }

    /** Compression toward the client must not hold a stream back: each event is readable before the next is sent. */
    @Test
    void gzipStreamFlushesEventByEvent() throws Exception {
        CompletableFuture<Void> firstSeen = new CompletableFuture<>();
        upstream.on(CHAT, (req, body) -> {
            req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            req.response().write("data: {\"n\":1}\n\n");
            firstSeen.whenComplete((v, e) -> upstream.vertx().runOnContext(x -> {
                req.response().write("data: {\"n\":2}\n\n");
                req.response().end("data: [DONE]\n\n");
            }));
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/open/openai/v1/chat/completions"))
                .header("authorization", "Bearer sk-client")
                .header("content-type", "application/json")
                .header("accept-encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true}"))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(upstream.single().header("accept-encoding")).isEqualTo("identity");
        // Read raw inflated bytes (a Reader would wait for more: InflaterInputStream.available() is always 1).
        StringBuilder seen = new StringBuilder();
        try (InputStream in = new GZIPInputStream(response.body())) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readEvent(in, seen));
            assertThat(first.get(2, TimeUnit.SECONDS)).isEqualTo("data: {\"n\":1}\n\n");
            firstSeen.complete(null);
            seen.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            firstSeen.complete(null);
        }
        assertThat(seen.toString()).isEqualTo("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n");
    }

    /** Reads until the first complete event is in {@code seen}; returns it. */
    private static String readEvent(InputStream in, StringBuilder seen) {
        byte[] buf = new byte[256];
        try {
            while (seen.indexOf("\n\n") < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return seen.toString();
    }

    @Test
    void officialClientDecodesTheCompressedAnswer() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/openai/v1")
                .apiKey("sk-client")
                .maxRetries(0)
                .build();
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("hi")
                        .build());
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from the fake upstream");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(14);
        // OkHttp asked for gzip on its own; the provider was asked for identity all the same.
        assertThat(upstream.single().header("accept-encoding")).isEqualTo("identity");
        assertThat(new JsonObject(upstream.single().body()).getString("model")).isEqualTo("gpt-4o-mini");
    }
}
