package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The client's HTTP/1.1 connection: kept across the gateway's own refusals when that is safe, closed when not. */
@QuarkusTest
class ClientConnectionTest extends GatewayTest {

    private static String post(String gatewayId, String body) {
        return "POST /v1/acct/" + gatewayId + "/openai/v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    /** A burst of refusals (401 here, 429 alike) must not become a burst of reconnects. */
    @Test
    void refusalWithAnUnreadBodyKeepsTheConnection() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";
        try (RawHttp http = new RawHttp(gateway, 5000)) {
            RawHttp.Reply first = http.send(post("secured", body)).read();
            assertThat(first.status()).isEqualTo(401);
            assertThat(RawHttp.lower(first.header("connection"))).isNotEqualTo("close");

            RawHttp.Reply second = http.send(post("secured", body)).read();
            assertThat(second).isNotNull();
            assertThat(second.status()).isEqualTo(401);
            assertThat(second.body()).contains("2009");
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void refusalOfAChunkedBodyKeepsTheConnectionToo() throws Exception {
        String chunked = "POST /v1/acct/secured/openai/v1/chat/completions HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n";
        try (RawHttp http = new RawHttp(gateway, 5000)) {
            assertThat(http.send(chunked).read().status()).isEqualTo(401);
            assertThat(http.send(chunked).read().status()).isEqualTo(401);
        }
    }

    /** A slow-body client (slowloris) is not held for the 30-minute idle timeout: 400, then the connection closes. */
    @Test
    void stalledBodyIsRefusedAndTheConnectionClosed() throws Exception {
        try (RawHttp http = new RawHttp(gateway, 15000)) {
            long start = System.nanoTime();
            http.send("POST /v1/acct/cached/openai/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":");
            Thread.sleep(1000);
            http.send("\"gpt"); // progress resets the timer; then nothing more
            RawHttp.Reply reply = http.read();
            assertThat(reply).isNotNull();
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("stalled");
            assertThat(http.closedByServer()).isTrue();
            // test profile: gateway.request-read-timeout=3s, counted from the last byte
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(3500L, 12000L);
        }
        assertThat(upstream.received()).isEmpty();
    }

    /** Too large to drain: the client still reads its 413, then the connection is closed. */
    @Test
    void tooLargeBodyStillClosesTheConnection() throws Exception {
        int length = 2 * 1024 * 1024;
        try (RawHttp http = new RawHttp(gateway, 10000)) {
            http.send("POST /v1/acct/default/openai/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{");
            RawHttp.Reply reply = http.read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(RawHttp.lower(reply.header("connection"))).isEqualTo("close");
        }
    }
}
