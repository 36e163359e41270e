package dev.aigateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112 §6.3: a request with both {@code Transfer-Encoding} and {@code Content-Length} (or a transfer coding that
 * does not end in chunked) has no reliable length. A front proxy may frame it one way and the gateway the other, so
 * part of its body would become a second request (smuggling): it is refused with 400 in the envelope, nothing reaches
 * the provider, and the connection is closed.
 */
@QuarkusTest
class AmbiguousLengthTest extends GatewayTest {

    private static final String PATH = "/v1/acct/default/openai/v1/chat/completions";
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";

    @BeforeEach
    void answer() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}");
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    private static String head(String framing) {
        return "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-client\r\n"
                + "Content-Type: application/json\r\n" + framing + "\r\n";
    }

    private void assertRefusedAndClosed(String request) throws Exception {
        try (RawHttp http = new RawHttp(gateway, 10000)) {
            RawHttp.Reply reply = http.send(request).read();
            assertThat(reply).isNotNull();
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("\"internalCode\":2103").contains("ambiguous");
            assertThat(RawHttp.lower(reply.header("connection"))).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void contentLengthWithChunkedIsRefusedAndTheConnectionClosed() throws Exception {
        assertRefusedAndClosed(
                head("Content-Length: " + BODY.length() + "\r\nTransfer-Encoding: chunked\r\n") + chunked(BODY));
    }

    @Test
    void chunkedBeforeContentLengthToo() throws Exception {
        assertRefusedAndClosed(head("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n") + chunked(BODY));
    }

    /** The classic CL.TE smuggle: whatever follows the chunked body is never served as a request of its own. */
    @Test
    void aSmuggledRequestBehindTheBodyIsNeverServed() throws Exception {
        String smuggled = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-client\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY;
        String body = "0\r\n\r\n" + smuggled;
        try (RawHttp http = new RawHttp(gateway, 10000)) {
            RawHttp.Reply reply = http.send(
                            head("Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n") + body)
                    .read();
            assertThat(reply.status()).isEqualTo(400);
            assertThat(http.read()).as("no answer to the smuggled request").isNull();
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aTransferCodingOtherThanChunkedIsRefused() throws Exception {
        assertRefusedAndClosed(head("Transfer-Encoding: gzip\r\n") + BODY);
    }

    /** Guard: plain chunked and plain Content-Length requests still go through, on one kept-alive connection. */
    @Test
    void unambiguousRequestsShareAConnection() throws Exception {
        try (RawHttp http = new RawHttp(gateway, 10000)) {
            RawHttp.Reply first = http.send(head("Transfer-Encoding: chunked\r\n") + chunked(BODY))
                    .read();
            assertThat(first.status()).isEqualTo(200);
            RawHttp.Reply second = http.send(head("Content-Length: " + BODY.length() + "\r\n") + BODY)
                    .read();
            assertThat(second.status()).isEqualTo(200);
            assertThat(RawHttp.lower(second.header("connection"))).isNotEqualTo("close");
        }
        assertThat(upstream.received()).hasSize(2);
        assertThat(upstream.received().get(0).body().toString()).isEqualTo(BODY);
    }
}
