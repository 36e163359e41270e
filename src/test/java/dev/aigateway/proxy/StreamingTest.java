package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bodies stream both ways: events reach the client as the provider sends them; large uploads arrive intact. */
@QuarkusTest
class StreamingTest extends GatewayTest {

    private static final String FIRST = "data: {\"n\":1}\n\n";
    private static final String REST = "data: {\"n\":2}\n\ndata: [DONE]\n\n";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void firstEventReachesClientBeforeProviderPauseEnds() throws Exception {
        long[] restSentAt = new long[1];
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write(FIRST);
            upstream.vertx().setTimer(1000, t -> {
                restSentAt[0] = System.nanoTime();
                response.end(REST);
            });
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/openai/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
                .header("content-type", "application/json")
                .build();

        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] first = response.body().readNBytes(FIRST.length());
        long firstReceivedAt = System.nanoTime();
        byte[] rest = response.body().readAllBytes();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(FIRST);
        assertThat(restSentAt[0])
                .as("the first event arrived while the provider was still pausing")
                .isGreaterThan(firstReceivedAt);
        assertThat(new String(rest, StandardCharsets.UTF_8)).isEqualTo(REST);
    }

    @Test
    void largeRequestBodyIsStreamedUpstreamByteForByte() throws Exception {
        byte[] payload = new byte[900_000]; // under the 1 MiB limit of the test profile
        new Random(42).nextBytes(payload);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/openai/files"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .header("content-type", "application/octet-stream")
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sha256(upstream.single().body().getBytes())).isEqualTo(sha256(payload));
    }

    @Test
    void chunkedRequestBodyIsStreamedUpstream() throws Exception {
        byte[] payload = "{\"input\":\"chunked upload\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/openai/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.single().body().getBytes()).isEqualTo(payload);
        assertThat(upstream.single().header("transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void multipartUploadPassesThroughUntouched() throws Exception {
        String boundary = "----gatewayboundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\nRIFF....WAVE\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(gateway + "v1/acct/default/openai/audio/transcriptions"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.single().body().toString()).isEqualTo(body);
        assertThat(upstream.single().header("content-type")).isEqualTo("multipart/form-data; boundary=" + boundary);
    }

    @Test
    void providerStatusHeadersAndBinaryBodyComeBackUnchanged() throws Exception {
        byte[] audio = new byte[70_000];
        new Random(7).nextBytes(audio);
        upstream.on("/openai/v1/audio/speech", (req, body) -> req.response()
                .setStatusCode(201)
                .setStatusMessage("Created Speech")
                .putHeader("content-type", "audio/mpeg")
                .putHeader("x-request-id", "req_abc")
                .putHeader("x-ratelimit-remaining-requests", "99")
                .end(io.vertx.core.buffer.Buffer.buffer(audio)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default/openai/audio/speech"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-request-id")).contains("req_abc");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests"))
                .contains("99");
        assertThat(response.headers().firstValue("content-length")).contains(String.valueOf(audio.length));
        assertThat(response.body()).isEqualTo(audio);
    }

    @Test
    void expectContinueIsAnsweredOnlyOnceTheRequestIsAccepted() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\"}";
        try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5_000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(("POST /v1/acct/default/openai/chat/completions HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                            + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(in.readLine()).isEmpty();
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(upstream.single().body().toString()).isEqualTo(body);
        assertThat(upstream.single().header("expect")).isNull();
    }

    @Test
    void rejectedRequestWithExpectContinueIsAnsweredWithoutAskingForTheBody() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(("POST /v1/acct/secured/openai/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                    + "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
        assertThat(upstream.received()).isEmpty();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
