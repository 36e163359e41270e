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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gateway.routing.deadline} bounds a whole chain, however many steps and attempts it has left. */
@QuarkusTest
@TestProfile(RoutingDeadlineTest.ShortDeadline.class)
class RoutingDeadlineTest extends GatewayTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.routing.deadline", "1500ms");
        }
    }

    private static JsonObject silentStep() {
        return new JsonObject()
                .put("provider", "openai")
                .put("endpoint", "chat/completions")
                .put("config", new JsonObject().put("requestTimeout", 1000).put("maxAttempts", 5))
                .put("query", new JsonObject().put("model", "gpt-4o-mini"));
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
}
