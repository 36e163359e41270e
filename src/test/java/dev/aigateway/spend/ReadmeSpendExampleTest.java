package dev.aigateway.spend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.ratelimit.SpendRule;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The README's "Routing and spend limits" worked example: its configuration (copied into the test profile as gateway
 * {@code readme-prod}) and its management-API calls, run as written. A route step that falls back costs nothing; the
 * step that answered is charged its real cost once.
 */
@QuarkusTest
class ReadmeSpendExampleTest extends GatewayTest {

    private static final String GATEWAYS = "/client/v4/accounts/acct/ai-gateway/gateways";

    @Inject
    GatewayRegistry registry;

    private static RequestSpecification admin() {
        return given().header("authorization", "Bearer admin-secret").contentType("application/json");
    }

    private long spent(String gatewayId, String user) {
        Object v = admin().queryParam("metadata", user)
                .get(GATEWAYS + "/" + gatewayId + "/spend-limits")
                .then()
                .statusCode(200)
                .extract()
                .path("result.spend_limits[0].spent");
        return v == null ? -1 : Math.round(((Number) v).doubleValue() * 1e9);
    }

    @Test
    void theConfigExampleParsesAndChargesOnlyTheStepThatAnswered() {
        SpendRule rule =
                registry.find("readme-prod").orElseThrow().spendLimits().get(0);
        assertThat(rule.id()).isEqualTo("per-user-daily");
        assertThat(rule.budgetNanos()).isEqualTo(5 * SpendRule.NANOS_PER_USD);
        assertThat(rule.intervalMillis()).isEqualTo(86_400_000L);
        assertThat(rule.metadata().split()).isTrue();
        assertThat(rule.metadata().key()).isEqualTo("user");

        upstream.onJson(
                "/anthropic/v1/messages",
                529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":20,\"total_tokens\":50}}");
        String user = "alice-" + UUID.randomUUID();
        Response r = given().baseUri(gateway.toString())
                .header("authorization", "Bearer readme-token")
                .header("cf-aig-metadata", new JsonObject().put("user", user).encode())
                .contentType("application/json")
                .body("{\"model\":\"dynamic/support\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("v1/acct/readme-prod/compat/chat/completions");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("cf-aig-provider")).isEqualTo("openai");
        assertThat(r.header("cf-aig-spend-limit")).isEqualTo("5");
        assertThat(upstream.received()).hasSize(2); // Anthropic (529), then OpenAI

        long openAiCost = 30 * 150 + 20 * 600; // gpt-4o-mini's catalogue price, nano-dollars per token
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spent("readme-prod", user))
                .as("the Anthropic step gave its reservation back; the OpenAI step is charged its real cost")
                .isEqualTo(openAiCost));
    }

    @Test
    void theApiExampleRuns() {
        String id = "team-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            admin().body("{\"id\":\"" + id + "\",\n"
                            + "  \"spend_limits\":[{\"id\":\"per-user-daily\",\"budget\":5,\"interval\":86400,"
                            + "\"technique\":\"fixed\",\n"
                            + "                   \"metadata\":{\"mode\":\"split\",\"key\":\"user\"},"
                            + "\"unknown_price\":\"allow\"}]}")
                    .post(GATEWAYS)
                    .then()
                    .statusCode(200);
            JsonArray elements = new JsonArray(
                    "[{\"id\":\"start\",\"type\":\"start\",\"outputs\":{\"next\":{\"elementId\":\"gpt\"}}},"
                            + "{\"id\":\"gpt\",\"type\":\"model\",\"properties\":{\"provider\":\"openai\","
                            + "\"model\":\"gpt-4o-mini\"},\"outputs\":{\"success\":{\"elementId\":\"end\"}}},"
                            + "{\"id\":\"end\",\"type\":\"end\"}]");
            admin().body(new JsonObject()
                            .put("name", "support")
                            .put("elements", elements)
                            .encode())
                    .post(GATEWAYS + "/" + id + "/routes")
                    .then()
                    .statusCode(200);
            admin().queryParam("metadata", "alice")
                    .get(GATEWAYS + "/" + id + "/spend-limits")
                    .then()
                    .statusCode(200)
                    .body("result.spend_limits[0].id", equalTo("per-user-daily"))
                    .body("result.spend_limits[0].spent", equalTo(0.0f))
                    .body("result.spend_limits[0].remaining", equalTo(5.0f));
            // a gateway declared in config keeps its spend limits in config
            admin().body("{\"spend_limits\":[]}")
                    .put(GATEWAYS + "/readme-prod")
                    .then()
                    .statusCode(409)
                    .body("errors[0].code", equalTo(7005));
        } finally {
            admin().delete(GATEWAYS + "/" + id);
        }
    }
}
