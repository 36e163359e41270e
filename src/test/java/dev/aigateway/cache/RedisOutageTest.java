package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.LocalRedisServer;
import dev.aigateway.testing.OwnRedisProfile;
import dev.aigateway.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis going away, or going slow, never fails a request: the cache misses, limits follow their fail-open setting. */
@QuarkusTest
@TestProfile(RedisOutageTest.OwnRedis.class)
class RedisOutageTest extends GatewayTest {

    /** The gateway talks to a Redis this test can stop, and gives lookups 300 ms. */
    public static class OwnRedis extends OwnRedisProfile {
        public OwnRedis() {
            super(Map.of(
                    "gateway.cache.lookup-timeout", "300ms",
                    "gateway.rate-limit.timeout", "300ms",
                    "gateway.gateways.closed.rate-limiting-limit", "100",
                    "gateway.gateways.closed.rate-limiting-interval", "60",
                    "gateway.gateways.closed.rate-limiting-fail-open", "false"));
        }
    }

    private final String body = "{\"model\":\"gpt-4o-mini\",\"q\":\"" + UUID.randomUUID() + "\"}";

    @AfterEach
    void redisBack() {
        LocalRedisServer.restartServer();
    }

    private Response post(String gatewayId, Map<String, String> headers) {
        return postChat(gatewayId, body, headers);
    }

    private String metrics() {
        return given().baseUri(gateway.toString()).get("q/metrics").asString();
    }

    @Test
    void requestsSucceedWhileRedisIsDownAndCachingResumesWhenItReturns() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}");
        assertThat(post("cached", Map.of()).header("cf-aig-cache-status")).isEqualTo("MISS");
        Awaitility.await().until(() -> "HIT".equals(post("cached", Map.of()).header("cf-aig-cache-status")));

        LocalRedisServer.stopServer();
        upstream.reset();
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}");
        Response cached = post("cached", Map.of());
        Response limitedFailOpen = post("limited", Map.of("x-user-id", "u-" + UUID.randomUUID()));
        Response limitedFailClosed = post("closed", Map.of());

        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(cached.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(cached.asString()).isEqualTo("{\"ok\":true}");
        assertThat(limitedFailOpen.statusCode()).isEqualTo(200);
        assertThat(limitedFailClosed.statusCode()).isEqualTo(503);
        assertThat(limitedFailClosed.jsonPath().getInt("error[0].code")).isEqualTo(2105);
        assertThat(upstream.received()).hasSize(2);
        assertThat(metrics())
                .contains("gateway_cache_events_total{event=\"lookup_error\",gateway=\"cached\"}")
                .contains("gateway_ratelimit_decisions_total{gateway=\"closed\",result=\"error\"}");

        LocalRedisServer.startServer();
        Awaitility.await().until(() -> "HIT".equals(post("cached", Map.of()).header("cf-aig-cache-status")));
        assertThat(post("closed", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void slowRedisIsAMissNotAWait() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}");
        post("cached", Map.of());
        Awaitility.await().until(() -> "HIT".equals(post("cached", Map.of()).header("cf-aig-cache-status")));

        try (TestRedis admin = new TestRedis(LocalRedisServer.url())) {
            admin.send(Command.CLIENT, "PAUSE", 3000); // every client's commands now wait 3 s
            Response duringPause = post("cached", Map.of());

            assertThat(duringPause.statusCode()).isEqualTo(200);
            assertThat(duringPause.header("cf-aig-cache-status"))
                    .as("a stored entry exists, but the lookup gave up after 300 ms")
                    .isEqualTo("MISS");
            admin.send(Command.CLIENT, "UNPAUSE");
        }
    }

    /**
     * A client that leaves while its rate-limit check waits for Redis causes no provider call: when the check gives up
     * (fail-open, 300 ms) the gateway sees the connection is gone and settles instead of calling.
     */
    @Test
    void aClientThatLeftDuringTheLimitCheckCausesNoProviderCall() throws Exception {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (TestRedis admin = new TestRedis(LocalRedisServer.url())) {
            admin.send(Command.CLIENT, "PAUSE", 2000); // the limiter's script now waits past its 300 ms deadline
            try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/acct/limited/openai/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                                + "Authorization: Bearer sk-client\r\nContent-Type: application/json\r\n"
                                + "x-user-id: u-" + UUID.randomUUID() + "\r\n"
                                + "Content-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                Thread.sleep(100); // the check is waiting for Redis
            } // the client goes away before the check's answer
            Thread.sleep(1000); // the check gave up (fail-open) long ago: a call would have been made by now
            admin.send(Command.CLIENT, "UNPAUSE");
        }
        assertThat(upstream.received())
                .as("no provider call for a client that left during its limit check")
                .isEmpty();
        // the same request from a client that stays is served (fail-open): the check itself admits
        Response stays = post("limited", Map.of("x-user-id", "u-" + UUID.randomUUID()));
        assertThat(stays.statusCode()).isEqualTo(200);
        assertThat(upstream.received()).hasSize(1);
    }
}
