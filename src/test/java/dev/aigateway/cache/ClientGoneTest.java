package dev.aigateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.GatewayTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a client that disconnected while its request waited before the provider call (here: coalesced behind an
 * identical request in flight) still caused a full-price provider call once the wait ended.
 */
@io.quarkus.test.junit.QuarkusTest
class ClientGoneTest extends GatewayTest {

    @Test
    void aClientThatLeftDuringTheCoalescingWaitCausesNoProviderCall() throws Exception {
        String path = "/openai/v1/chat/completions";
        upstream.on(path, (req, body) -> upstream.vertx().setTimer(1500, t -> req.response()
                .setStatusCode(400) // not cacheable: waiting followers go upstream themselves
                .putHeader("content-type", "application/json")
                .end("{\"error\":{\"message\":\"no\",\"type\":\"invalid_request_error\"}}")));
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"user\":\"" + UUID.randomUUID() + "\"}";

        // a thread of this test's own (common-pool threads lack the test class loader REST Assured needs)
        FutureTask<Integer> leader =
                new FutureTask<>(() -> postChat("cached", body, Map.of()).statusCode());
        new Thread(leader, "leader").start();
        await().atMost(Duration.ofSeconds(15)).until(() -> upstream.received().size() == 1);

        try (Socket follower = new Socket(gateway.getHost(), gateway.getPort())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = follower.getOutputStream();
            out.write(("POST /v1/acct/cached" + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer sk-client\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            Thread.sleep(300); // waiting behind the leader
        } // the client goes away

        assertThat(leader.get()).isEqualTo(400);
        Thread.sleep(700); // the follower's wait ended with the leader's answer
        assertThat(upstream.received())
                .as("only the leader reached the provider")
                .hasSize(1);
    }
}
