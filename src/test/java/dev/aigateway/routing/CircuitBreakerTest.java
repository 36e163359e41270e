package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-host circuit breaker of {@code custom-flaky} (test profile: opens after 3 failures out of 3, stays open
 * 3 s, closes after one successful trial).
 */
@QuarkusTest
class CircuitBreakerTest extends GatewayTest {

    /** Breakers are per upstream host and port: custom-flaky's is the fake upstream's. */
    private String host() {
        return "127.0.0.1:" + upstream.port();
    }

    @Test
    void opensAfterFailuresSkipsTheProviderThenHalfOpensAndCloses() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(500);
        upstream.on("/flaky", (req, body) -> {
            calls.incrementAndGet();
            req.response()
                    .setStatusCode(status.get())
                    .putHeader("content-type", "application/json")
                    .end("{\"status\":" + status.get() + "}");
        });
        for (int i = 0; i < 3; i++) {
            given().body("{}")
                    .post("/v1/acct/default/custom-flaky/v1/chat")
                    .then()
                    .statusCode(500);
        }
        assertThat(calls.get()).isEqualTo(3);

        // Open: refused at once, without calling the provider.
        given().body("{}")
                .post("/v1/acct/default/custom-flaky/v1/chat")
                .then()
                .statusCode(503)
                .body("error[0].code", equalTo(2106));
        assertThat(calls.get()).isEqualTo(3);
        assertThat(given().get("/q/metrics").asString())
                .contains("gateway_circuit_breaker_state{host=\"" + host() + "\",provider=\"custom-flaky\"} 1.0")
                .contains("gateway_upstream_attempts_total{outcome=\"circuit_open\",provider=\"custom-flaky\"}");
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks[0].data.'circuit-breaker.custom-flaky@" + host() + "'", equalTo("open"));

        // In a Universal chain an open provider is skipped, and the next step serves.
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"served-by-openai\"}");
        JsonArray steps = new JsonArray()
                .add(new JsonObject()
                        .put("provider", "custom-flaky")
                        .put("endpoint", "v1/chat")
                        .put("query", new JsonObject()))
                .add(new JsonObject()
                        .put("provider", "openai")
                        .put("endpoint", "chat/completions")
                        .put("query", new JsonObject()));
        String outcomes = given().contentType("application/json")
                .body(steps.encode())
                .post("/v1/acct/default")
                .then()
                .statusCode(200)
                .header("cf-aig-step", "1")
                .body("id", equalTo("served-by-openai"))
                .extract()
                .header("cf-aig-steps");
        assertThat(outcomes).contains("\"outcome\":\"circuit_open\"");
        assertThat(calls.get()).isEqualTo(3);

        // After the delay a trial call goes through; its success closes the breaker.
        status.set(200);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().body("{}")
                        .post("/v1/acct/default/custom-flaky/v1/chat")
                        .then()
                        .statusCode(200));
        assertThat(calls.get()).isEqualTo(4);
        assertThat(given().get("/q/metrics").asString())
                .contains("gateway_circuit_breaker_state{host=\"" + host() + "\",provider=\"custom-flaky\"} 0.0")
                .as("SmallRye's own per-call meters are off (a tag lookup per call; ours report the breakers)")
                .doesNotContain("ft_invocations_total", "ft_circuitbreaker_");
        given().body("{}").post("/v1/acct/default/custom-flaky/v1/chat").then().statusCode(200);
        assertThat(calls.get()).isEqualTo(5);
    }
}
