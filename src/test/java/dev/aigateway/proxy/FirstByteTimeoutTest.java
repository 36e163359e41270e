package dev.aigateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A first-byte timeout longer than the upstream connection idle timeout governs the wait for a response head
 * ({@code custom-thinker}: 4.5 s first byte, test profile idle timeout 3 s), as slow reasoning models need.
 */
@QuarkusTest
class FirstByteTimeoutTest extends GatewayTest {

    @Test
    void theFirstByteTimeoutWinsOverAShorterIdleTimeout() {
        upstream.on("/thinker/late", (req, body) -> upstream.vertx().setTimer(3500, t -> req.response()
                .putHeader("content-type", "application/json")
                .end("{\"answer\":42}")));
        given().body("{}")
                .post("/v1/acct/default/custom-thinker/late")
                .then()
                .statusCode(200)
                .body("answer", equalTo(42));

        upstream.on("/thinker/never", (req, body) -> {
            // thinks forever
        });
        long start = System.nanoTime();
        given().body("{}")
                .post("/v1/acct/default/custom-thinker/never")
                .then()
                .statusCode(504)
                .body("error[0].code", equalTo(2102));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(4_000L, 9_000L);
    }
}
