package dev.aigateway.spend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spend limits through the gateway management API: stored, shown, enforced; invalid rules refused naming the field. */
@QuarkusTest
class SpendLimitsApiTest extends GatewayTest {

    private static final String GATEWAYS = "/client/v4/accounts/acct/ai-gateway/gateways";

    private final String id = "spend-" + UUID.randomUUID().toString().substring(0, 8);

    private static RequestSpecification admin() {
        return given().header("authorization", "Bearer admin-secret").contentType("application/json");
    }

    @AfterEach
    void deleteCreated() {
        admin().delete(GATEWAYS + "/" + id);
    }

    private static JsonObject rule(String ruleId, double budget) {
        return new JsonObject()
                .put("id", ruleId)
                .put("budget", budget)
                .put("interval", 86400)
                .put("technique", "sliding")
                .put("provider", new JsonObject().put("mode", "filter").put("value", "openai"))
                .put("model", new JsonObject().put("mode", "split"))
                .put("metadata", new JsonObject().put("mode", "split").put("key", "user"))
                .put("unknown_price", "refuse")
                .put("default_max_tokens", 2048);
    }

    private Response create(JsonArray rules) {
        return admin().body(new JsonObject()
                        .put("id", id)
                        .put("spend_limits", rules)
                        .encode())
                .post(GATEWAYS);
    }

    @Test
    void rulesAreStoredShownAndEnforced() {
        create(new JsonArray().add(rule("tiny", 0.00001))).then().statusCode(200);

        Response shown = admin().get(GATEWAYS + "/" + id);
        shown.then()
                .statusCode(200)
                .body("result.spend_limits[0].id", equalTo("tiny"))
                .body("result.spend_limits[0].budget", equalTo(0.00001f))
                .body("result.spend_limits[0].interval", equalTo(86400))
                .body("result.spend_limits[0].technique", equalTo("sliding"))
                .body("result.spend_limits[0].provider.mode", equalTo("filter"))
                .body("result.spend_limits[0].provider.value", equalTo("openai"))
                .body("result.spend_limits[0].model.mode", equalTo("split"))
                .body("result.spend_limits[0].metadata.key", equalTo("user"))
                .body("result.spend_limits[0].unknown_price", equalTo("refuse"))
                .body("result.spend_limits[0].default_max_tokens", equalTo(2048));

        // $0.00001 is 10,000 nano-dollars: 100 output tokens of gpt-4o-mini (60,000) do not fit.
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"c\",\"choices\":[]}");
        Response refused = postChat(
                id,
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"messages\":[]}",
                Map.of("cf-aig-metadata", "{\"user\":\"ann\"}"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getInt("error[0].code")).isEqualTo(2041);
        Response fits = postChat(
                id,
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[]}",
                Map.of("cf-aig-metadata", "{\"user\":\"ann\"}"));
        assertThat(fits.statusCode()).isEqualTo(200);
        Response otherProvider = given().baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType("application/json")
                .header("cf-aig-metadata", "{\"user\":\"ann\"}")
                .body("{\"model\":\"claude-x\",\"max_tokens\":100000,\"messages\":[]}")
                .post("v1/acct/" + id + "/anthropic/v1/messages");
        upstream.onJson("/anthropic/v1/messages", 200, "{\"id\":\"m\",\"content\":[]}");
        assertThat(otherProvider.statusCode())
                .as("the rule filters to openai: anthropic requests are not its business")
                .isNotIn(429, 403);

        // the current spend shows up for the split values given
        admin().queryParam("metadata", "ann")
                .queryParam("model", "gpt-4o-mini")
                .get(GATEWAYS + "/" + id + "/spend-limits")
                .then()
                .statusCode(200)
                .body("result.spend_limits[0].id", equalTo("tiny"))
                .body("result.spend_limits[0].split_by.size()", equalTo(2));

        // a full update without spend_limits removes them
        admin().body("{\"collect_logs\":true}").put(GATEWAYS + "/" + id).then().statusCode(200);
        admin().get(GATEWAYS + "/" + id).then().body("result.spend_limits.size()", equalTo(0));
    }

    @Test
    void invalidRulesAreRefusedWithTheFieldNamed() {
        Map<Object, String> bad = new java.util.LinkedHashMap<>();
        bad.put("not an array", "spend_limits must be an array");
        bad.put(new JsonArray().add(rule("r", -1)), "budget must be between 0 and");
        bad.put(new JsonArray().add(rule("r", 2_000_000)), "budget must be between 0 and");
        bad.put(new JsonArray().add(rule("r", 1).put("interval", 0)), "interval must be between");
        bad.put(new JsonArray().add(rule("r", 1).put("interval", 1.5)), "interval is required");
        bad.put(new JsonArray().add(rule("r", 1).put("budget", "5")), "budget is required");
        bad.put(new JsonArray().add(rule("bad id!", 1)), "id:");
        bad.put(new JsonArray().add(rule("r", 1).put("technique", "daily")), "technique must be one of");
        bad.put(new JsonArray().add(rule("r", 1).put("unknown_price", "maybe")), "unknown_price must be one of");
        bad.put(
                new JsonArray().add(rule("r", 1).put("metadata", new JsonObject().put("mode", "split"))),
                "metadata.key");
        bad.put(
                new JsonArray().add(rule("r", 1).put("provider", new JsonObject().put("mode", "filter"))),
                "provider.value is required");
        bad.put(
                new JsonArray().add(rule("r", 1).put("model", new JsonObject().put("mode", "every"))),
                "mode must be one of");
        bad.put(new JsonArray().add(rule("r", 1).put("window", 5)), "unknown field 'window'");
        bad.put(new JsonArray().add(rule("r", 1)).add(rule("r", 2)), "is used twice");
        bad.put(new JsonArray().add(rule("r", 1).put("default_max_tokens", -3)), "default_max_tokens");
        JsonArray many = new JsonArray();
        for (int i = 0; i < 21; i++) {
            many.add(rule("r" + i, 1));
        }
        bad.put(many, "at most 20 rules");
        bad.forEach((rules, message) -> admin().body(new JsonObject()
                        .put("id", id)
                        .put("spend_limits", rules)
                        .encode())
                .post(GATEWAYS)
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("errors[0].message", containsString(message)));
        admin().get(GATEWAYS + "/" + id).then().statusCode(404);
    }
}
