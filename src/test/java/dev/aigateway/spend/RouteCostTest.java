package dev.aigateway.spend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A rate element with {@code limitType: "cost"} (route {@code costly} of gateway {@code routed}): requests take its
 * {@code success} output while the cost of the requests it passed this window (priced from their usage by the
 * catalogue) is below its dollar limit, then its {@code fallback} output; per value of its key.
 */
@QuarkusTest
class RouteCostTest extends GatewayTest {

    private Response call(String user) {
        return given().baseUri(gateway.toString())
                .header("authorization", "Bearer route-token")
                .header("cf-aig-metadata", new JsonObject().put("user", user).encode())
                .contentType("application/json")
                .body("{\"model\":\"dynamic/costly\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("v1/acct/routed/compat/chat/completions");
    }

    @Test
    void requestsTakeTheFallbackOnceTheirCostReachedTheLimit() {
        // gpt-4o: $2.50 / $10 per 1M tokens: 10 + 20 tokens cost $0.000225, over the element's $0.0001
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30}}");
        String user = "u-" + UUID.randomUUID();
        Response first = call(user);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("cf-aig-model")).isEqualTo("gpt-4o");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        call(user).header("cf-aig-model"))
                .as("the first request's real cost was counted")
                .isEqualTo("gpt-4o-mini"));
        assertThat(call("other-" + UUID.randomUUID()).header("cf-aig-model"))
                .as("another user's cost is counted apart")
                .isEqualTo("gpt-4o");
    }
}
