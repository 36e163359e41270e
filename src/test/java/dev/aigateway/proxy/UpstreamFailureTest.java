package dev.aigateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the client gets when the provider is unreachable, silent, or when the client itself misbehaves. */
@QuarkusTest
class UpstreamFailureTest extends GatewayTest {

    @Test
    void unreachableProviderIs502InEnvelope() {
        given().body("{}")
                .post("/v1/acct/default/custom-dead/v1/chat")
                .then()
                .statusCode(502)
                .body("error[0].code", equalTo(2005))
                .body("name", equalTo("AiGatewayError"));
    }

    @Test
    void silentProviderIs504WithinItsFirstByteTimeout() {
        upstream.on("/slow", (req, body) -> {
            // never answers
        });
        long start = System.nanoTime();
        given().body("{}")
                .post("/v1/acct/default/custom-slow/v1/chat")
                .then()
                .statusCode(504)
                .body("error[0].code", equalTo(2102));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(600L, 5_000L); // first-byte timeout is 700 ms for custom-slow
    }

    @Test
    void pausesAfterTheFirstByteAreGovernedByTheIdleTimeoutNotTheFirstByteTimeout() {
        upstream.on("/slow/stream", (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write("data: one\n\n");
            // longer than custom-slow's 700 ms first-byte timeout, far below the 15 min idle timeout
            upstream.vertx().setTimer(1500, t -> response.end("data: [DONE]\n\n"));
        });
        given().body("{}")
                .post("/v1/acct/default/custom-slow/stream")
                .then()
                .statusCode(200)
                .body(equalTo("data: one\n\ndata: [DONE]\n\n"));
    }

    @Test
    void streamSilentLongerThanTheIdleTimeoutIsCutAndReportedWithAnErrorEvent() throws Exception {
        upstream.on("/openai/v1/chat/completions", (req, body) -> req.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .write("data: {\"n\":1}\n\n")); // then silence, never ends
        long start = System.nanoTime();
        String received = postChatOverRawSocket();
        assertThat(received).contains("data: {\"n\":1}").contains("stream_truncated");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(2_000L, 12_000L); // the test profile's idle timeout is 3 s
    }

    @Test
    void providerErrorsPassThroughVerbatim() {
        String body =
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
        upstream.on("/openai/v1/chat/completions", (req, b) -> req.response()
                .setStatusCode(429)
                .putHeader("content-type", "application/json")
                .putHeader("retry-after", "3")
                .end(body));
        given().body("{}")
                .post("/v1/acct/default/openai/chat/completions")
                .then()
                .statusCode(429)
                .header("retry-after", "3")
                .body(equalTo(body));
    }

    @Test
    void oversizeBodyWithContentLengthIs413AndNeverReachesProvider() {
        byte[] body = new byte[1024 * 1024 + 1];
        given().body(body)
                .post("/v1/acct/default/openai/files")
                .then()
                .statusCode(413)
                .body("error[0].code", equalTo(2101))
                .body("httpCode", equalTo(413));
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void oversizeChunkedBodyIs413AndTheUpstreamRequestIsAbandoned() throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/acct/default/openai/files HTTP/1.1\r\nHost: x\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            String head = Integer.toHexString(chunk.length) + "\r\n";
            String response = "";
            try {
                for (int i = 0; i < 20; i++) { // 1.25 MiB against a 1 MiB limit
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedByGateway) {
                // the gateway may close the connection while we are still sending
            }
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("\"code\":2101");
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void providerDyingMidStreamEndsWithAnErrorEventNeverACleanEnd() throws Exception {
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            response.write("data: {\"n\":1}\n\n");
            upstream.vertx().setTimer(100, t -> req.connection().close()); // no [DONE], no last chunk
        });
        String received = postChatOverRawSocket();
        // The client sees the event it was sent, then the provider-style error event (never [DONE]).
        assertThat(received)
                .contains("data: {\"n\":1}\n\n")
                .contains("data: {\"error\":{")
                .contains("stream_truncated")
                .doesNotContain("[DONE]");
    }

    @Test
    void clientAbortMidStreamReleasesTheUpstreamConnection() throws Exception {
        AtomicBoolean upstreamSawClose = new AtomicBoolean();
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            var response = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            req.connection().closeHandler(v -> upstreamSawClose.set(true));
            response.write("data: {\"n\":1}\n\n");
            // keeps the stream open: only a client abort ends it
            upstream.vertx().setPeriodic(200, id -> {
                if (response.closed() || response.ended()) {
                    upstream.vertx().cancelTimer(id);
                } else {
                    response.write(": keep-alive\n\n");
                }
            });
        });
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.getOutputStream()
                    .write(("POST /v1/acct/default/openai/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            byte[] buf = new byte[4096];
            String seen = "";
            while (!seen.contains("data: {\"n\":1}")) {
                int n = socket.getInputStream().read(buf);
                assertThat(n).isPositive();
                seen += new String(buf, 0, n, StandardCharsets.UTF_8);
            }
        } // the client goes away mid-stream
        await().atMost(Duration.ofSeconds(5)).untilTrue(upstreamSawClose);
    }

    /** Posts a chat request on a raw HTTP/1.1 connection and reads until the gateway closes it ("reset" if reset). */
    private String postChatOverRawSocket() throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.getOutputStream()
                    .write(("POST /v1/acct/default/openai/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(15_000);
            try {
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.SocketException reset) {
                return "reset";
            }
        }
    }
}
