package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code gateway.routing.deadline} bounds a whole chain, however many steps and attempts it has left. */
@QuarkusTest
@TestProfile(RoutingDeadlineTest.ShortDeadline.class)
class RoutingDeadlineTest extends GatewayTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.routing.deadline",
                    "1500ms",
                    "gateway.providers.\"custom-blackhole\".base-url",
                    "http://127.0.0.1:" + BLACKHOLE.port() + "/v1");
        }
    }

    /** A listening port whose accept queue is full: a TCP connect to it hangs (the SYN goes unanswered). */
    record Blackhole(ServerSocket server, List<Socket> queued) {
        static Blackhole open() {
            try {
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                List<Socket> queued = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 300);
                        queued.add(s);
                    } catch (IOException full) {
                        s.close();
                        break;
                    }
                }
                return new Blackhole(server, queued);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }
    }

    static final Blackhole BLACKHOLE = Blackhole.open();

    private static JsonObject silentStep() {
        return new JsonObject()
                .put("provider", "openai")
                .put("endpoint", "chat/completions")
                .put("config", new JsonObject().put("requestTimeout", 1000).put("maxAttempts", 5))
                .put("query", new JsonObject().put("model", "gpt-4o-mini"));
    }

    /**
     * The timings below are the gateway's, not a cold start's: this profile restarts the application, and its first
     * request (class loading, REST Assured's own start) can take seconds on a busy machine before it reaches the
     * gateway's clock.
     */
    @BeforeEach
    void warmUp() {
        upstream.on("/openai/v1/chat/completions", (req, body) -> req.response()
                .putHeader("content-type", "application/json")
                .end("{\"ok\":true}"));
        JsonObject quick = silentStep().put("config", new JsonObject());
        given().contentType("application/json")
                .body(new JsonArray().add(quick).encode())
                .post("/v1/acct/default")
                .then()
                .statusCode(200);
        upstream.reset();
    }

    @Test
    void theChainStopsAtTheDeadline() {
        upstream.on("/openai/v1/chat/completions", (req, body) -> {
            // silent: every attempt times out
        });
        JsonArray steps = new JsonArray().add(silentStep()).add(silentStep()).add(silentStep());
        long start = System.nanoTime();
        String outcomes = given().contentType("application/json")
                .body(steps.encode())
                .post("/v1/acct/default")
                .then()
                .statusCode(504)
                .body("error[0].code", equalTo(2102))
                .extract()
                .header("cf-aig-steps");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // 3 steps × 5 attempts × 1 s would take 15 s; the deadline ends it after 1.5 s.
        assertThat(elapsedMs).isBetween(1_400L, 4_000L);
        assertThat(upstream.received().size()).isBetween(2, 3);
        assertThat(outcomes).contains("\"outcome\":\"timeout\"");
    }

    @Test
    void aConnectThatHangsIsCutAtTheDeadlineToo() {
        JsonObject step = new JsonObject()
                .put("provider", "custom-blackhole")
                .put("endpoint", "chat/completions")
                .put("config", new JsonObject().put("requestTimeout", 1000).put("maxAttempts", 5))
                .put("query", new JsonObject().put("model", "m"));
        given().get("/q/health/live").then().statusCode(200); // REST Assured's own first-call set-up is not timed
        long start = System.nanoTime();
        given().contentType("application/json")
                .body(new JsonArray().add(step).add(step.copy()).encode())
                .post("/v1/acct/default")
                .then()
                .statusCode(504)
                .body("error[0].code", equalTo(2102));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // the connection attempt (10 s connect timeout) may not outlast the 1.5 s deadline; the upper bound leaves room
        // for a loaded CI machine and stays below the one connect timeout the deadline has to cut
        assertThat(elapsedMs).isBetween(1_400L, 8_000L);
    }
}
