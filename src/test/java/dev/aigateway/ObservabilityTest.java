package dev.aigateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health probes and Prometheus metrics, as Kubernetes and Grafana see them. */
@QuarkusTest
class ObservabilityTest extends GatewayTest {

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpAndReportsDependenciesAsDetails() {
        // Redis is probed with a 500 ms timeout: on a loaded machine the first probe (a new connection) may miss it
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> "up"
                        .equals(given().get("/q/health/ready")
                                .then()
                                .extract()
                                .path("checks.find { it.name == 'gateway' }.data.redis")));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'gateway' }.data.redis", equalTo("up"))
                .body("checks.find { it.name == 'gateway' }.data.providers", greaterThanOrEqualTo(23));
        // the API-created gateways have been read from PostgreSQL (polled every 500 ms in tests)
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> "loaded"
                        .equals(given().get("/q/health/ready")
                                .then()
                                .extract()
                                .path("checks.find { it.name == 'gateway' }.data.'api-gateways'")));
    }

    @Test
    void metricsCountRequestsByGatewayProviderAndStatusClassWithoutSecrets() {
        given().header("Authorization", "Bearer sk-secret-in-request")
                .body("{}")
                .post("/v1/acct/default/openai/chat/completions")
                .then()
                .statusCode(200);
        given().body("{}").post("/v1/acct/default/nope/x").then().statusCode(400);

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "gateway_requests_total{gateway=\"default\",provider=\"openai\",status_class=\"2xx\"}"))
                .body(containsString(
                        "gateway_requests_total{gateway=\"default\",provider=\"unknown\",status_class=\"4xx\"}"))
                .body(containsString("gateway_upstream_ttfb_seconds_bucket{provider=\"openai\",le=\"0.005\"}"))
                .body(containsString("gateway_upstream_duration_seconds_bucket{provider=\"openai\",le=\"600.0\"}"))
                .body(containsString("gateway_response_bytes_total{provider=\"openai\"}"))
                .body(containsString("gateway_streams_in_flight"))
                .body(not(containsString("sk-secret")))
                .body(not(containsString("sk-stored")));
    }
}
