package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A request body relayed to the provider as it arrives (no cache, limits or retries on the gateway) is held to the
 * same read timeout as a body the gateway reads whole (test profile: 3 s without a byte).
 */
@QuarkusTest
class StreamedBodyStallTest extends GatewayTest {

    private static final String HEAD = "POST /v1/acct/default/custom-acme/v1/run HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";

    @Test
    void stalledStreamedBodyResetsTheProviderRequestAndAnswersTheClient() throws Exception {
        try (RawHttp http = new RawHttp(gateway, 15000)) {
            long start = System.nanoTime();
            http.send(HEAD + "{\"model\":");
            Thread.sleep(1000);
            http.send("\"acme"); // progress resets the timer; then nothing more
            // (the provider saw the request start before its body ended: it is in upstream.aborted() below; a pooled
            // connection from an earlier test may carry it, so new connections are not counted here)

            RawHttp.Reply reply = http.read();
            assertThat(reply).isNotNull();
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("2103").contains("stalled");
            assertThat(http.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(3500L, 12000L);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(upstream.aborted())
                .containsExactly("/acme/api/v1/run"));
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void slowButSteadyStreamedBodyIsNotCut() throws Exception {
        String body = "{\"model\":\"acme\",\"input\":\"" + "x".repeat(73) + "\"}";
        assertThat(body).hasSize(100);
        try (RawHttp http = new RawHttp(gateway, 15000)) {
            http.send(HEAD);
            for (int i = 0; i < 5; i++) { // 5 × 1.5 s: longer than the timeout in total, never silent for that long
                http.send(body.substring(i * 20, i * 20 + 20));
                if (i < 4) {
                    Thread.sleep(1500);
                }
            }
            RawHttp.Reply reply = http.read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("\"bodyLength\":100");
        }
        assertThat(upstream.aborted()).isEmpty();
    }
}
