package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.RoutingProvidersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Circuit breakers answer for a provider host's health only: a client's own short timeouts never open them, each host
 * of a provider has its own, and failures older than the window are forgotten (providers of
 * {@link RoutingProvidersResource}).
 */
@QuarkusTest
@QuarkusTestResource(RoutingProvidersResource.class)
class BreakerIsolationTest extends GatewayTest {

    private static final String GUARDED = "/v1/acct/%s/custom-guarded/v1/chat";

    @Test
    void aClientsShortTimeoutsDoNotOpenTheBreakerForAnotherGateway() {
        AtomicInteger calls = new AtomicInteger();
        upstream.on("/guarded", (req, body) -> {
            calls.incrementAndGet();
            upstream.vertx().setTimer(300, t -> req.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"ok\":true}"));
        });
        // custom-guarded opens after 3 failures out of 3; this client gives the provider 1 ms each time
        for (int i = 0; i < 4; i++) {
            given().header("cf-aig-request-timeout", "1")
                    .body("{}")
                    .post(String.format(GUARDED, "default"))
                    .then()
                    .statusCode(504)
                    .body("error[0].code", equalTo(2102));
        }
        assertThat(calls.get()).isEqualTo(4);
        given().body("{}")
                .post(String.format(GUARDED, "open"))
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
        assertThat(calls.get()).isEqualTo(5);
    }

    @Test
    void twoHostsOfOneProviderHaveIndependentBreakers() {
        FakeUpstream failing = new FakeUpstream();
        try {
            failing.onJson("/", 500, "{\"error\":\"down\"}");
            upstream.onJson("/healthy", 200, "{\"ok\":true}");
            String down = failing.url() + "/fal-ai/flux";
            for (int i = 0; i < 2; i++) {
                fal(down).then().statusCode(500);
            }
            fal(down).then().statusCode(503).body("error[0].code", equalTo(2106));
            assertThat(failing.received()).hasSize(2);

            // the same provider on another host is not cut off
            fal(upstream.url() + "/healthy/fal-ai/flux").then().statusCode(200).body("ok", equalTo(true));
            assertThat(upstream.received()).hasSize(1);
            assertThat(given().get("/q/metrics").asString())
                    .contains("gateway_circuit_breaker_state{host=\"127.0.0.1:" + failing.port()
                            + "\",provider=\"fal\"} 1.0");
        } finally {
            failing.close();
        }
    }

    @Test
    void failuresOlderThanTheWindowStopCounting() throws InterruptedException {
        // custom-decay: opens at 2 failures out of 2 within 600 ms
        upstream.onJson("/decay", 500, "{\"error\":\"boom\"}");
        decay().then().statusCode(500);
        Thread.sleep(800);
        decay().then().statusCode(500);
        Thread.sleep(800);
        decay().then().statusCode(500);
        assertThat(upstream.received()).hasSize(3);

        // two failures within the window still open it
        decay().then().statusCode(500);
        decay().then().statusCode(503).body("error[0].code", equalTo(2106));
        assertThat(upstream.received()).hasSize(4);
    }

    private static io.restassured.response.Response fal(String target) {
        return given().header("x-fal-target-url", target)
                .header("authorization", "Key fal-client")
                .body("{}")
                .post("/v1/acct/default/fal");
    }

    private static io.restassured.response.Response decay() {
        return given().body("{}").post("/v1/acct/default/custom-decay/v1/chat");
    }
}
