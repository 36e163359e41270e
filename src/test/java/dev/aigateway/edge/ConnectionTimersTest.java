package dev.aigateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow clients hold no connection for long: a request head must be complete within the header timeout (2 s here),
 * an idle keep-alive connection is closed after the keep-alive timeout (4 s here). A client that keeps its connection
 * busy is never cut: requests 2 s apart, and a stream that runs longer than both timeouts.
 */
@QuarkusTest
@TestProfile(ConnectionTimersTest.ShortTimers.class)
class ConnectionTimersTest extends GatewayTest {

    public static class ShortTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.request-header-timeout", "2s", "gateway.keep-alive-timeout", "4s");
        }
    }

    private static final String PATH = "/v1/acct/default/openai/v1/chat/completions";
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";

    private static String post(String body) {
        return "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-client\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        socket.setSoTimeout(15000);
        return socket;
    }

    /** A slowloris client: one header line a second. The gateway closes it long before the head would end. */
    @Test
    void aHeadSentOneLineASecondIsCut() throws Exception {
        long start = System.nanoTime();
        boolean cut = false;
        String answer = "";
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 12 && !cut; i++) {
                Thread.sleep(1000);
                if (in.available() > 0) {
                    break; // the gateway has answered: stop writing and read it
                }
                try {
                    out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    cut = true;
                }
            }
            try {
                answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                cut = true;
            } catch (IOException e) {
                cut = true; // reset after the close
            }
        }
        assertThat(cut).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("closed well before the 12 header lines were sent")
                .isLessThan(11_000);
        if (!answer.isEmpty()) {
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"internalCode\":2103");
        }
        assertThat(upstream.received()).isEmpty();
    }

    /** A head that stops half-way gets its 408 in the gateway's envelope, then the connection is closed. */
    @Test
    void aStalledHeadGets408AndTheConnectionClosed() throws Exception {
        try (RawHttp http = new RawHttp(gateway, 15000)) {
            RawHttp.Reply reply = http.send("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n")
                    .read();
            assertThat(reply).isNotNull();
            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.body()).contains("\"internalCode\":2103").contains("Request head not received");
            assertThat(RawHttp.lower(reply.header("connection"))).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aConnectionThatNeverSendsIsClosed() throws Exception {
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** Requests 2 s apart on one connection (under both timeouts): all served; then the idle connection is closed. */
    @Test
    void aKeepAliveClientIsServedThenItsIdleConnectionClosed() throws Exception {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}");
        try (RawHttp http = new RawHttp(gateway, 15000)) {
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    Thread.sleep(2000);
                }
                RawHttp.Reply reply = http.send(post(BODY)).read();
                assertThat(reply).as("request %d", i).isNotNull();
                assertThat(reply.status()).isEqualTo(200);
            }
            assertThat(http.closedByServer())
                    .as("idle past the keep-alive timeout")
                    .isTrue();
        }
        assertThat(upstream.received()).hasSize(3);
    }

    /** A stream longer than both timeouts, with pauses longer than the header timeout, arrives whole. */
    @Test
    void aLongStreamIsNeverCut() throws Exception {
        StringBuilder sse = new StringBuilder();
        int events = 6;
        for (int i = 0; i < events; i++) {
            sse.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"part")
                    .append(i)
                    .append("\"}}]}\n\n");
        }
        sse.append("data: [DONE]\n\n");
        byte[] body = sse.toString().getBytes(StandardCharsets.UTF_8);
        int[] cuts = new int[events];
        int at = 0;
        String text = sse.toString();
        for (int i = 0; i < events; i++) {
            at = text.indexOf("\n\n", at) + 2;
            cuts[i] = at;
        }
        upstream.onSse("/openai/v1/chat/completions", body, cuts, false, 1200);
        String stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[]}";
        try (Socket socket = connect()) {
            socket.getOutputStream().write(post(stream).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!got.toString(StandardCharsets.UTF_8).contains("\r\n0\r\n\r\n")) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
            String all = got.toString(StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 200");
            for (int i = 0; i < events; i++) {
                assertThat(all).contains("part" + i);
            }
            assertThat(all).contains("[DONE]").endsWith("\r\n0\r\n\r\n");
        }
    }
}
