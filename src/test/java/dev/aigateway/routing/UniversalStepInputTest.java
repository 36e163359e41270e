package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile Universal steps (line breaks in an endpoint's query or in a header, huge headers, encoded climbing, a
 * fragment) get a clear 400/2107; nothing reaches the provider and no upstream connection is taken.
 */
@QuarkusTest
class UniversalStepInputTest extends GatewayTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "chat/completions?x=1\r\nX-Injected: yes",
                "chat/completions?x=1\nX-Injected: yes",
                "chat/completions?x=1\r\n\r\nGET /admin HTTP/1.1",
                "chat/completions?x=1 2",
                "chat/completions?x=1#frag",
                "chat/completions#frag",
                "v1/..%2F..%2Fadmin",
                "v1/%2e%2e%2fadmin",
                "v1/.%2E/admin",
                "v1/..%5Cadmin",
            })
    void badEndpointsAreRefused(String endpoint) {
        expectRefused(step(endpoint, new JsonObject()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nx-injected: yes", "a\n\nb", "a\rb", "a\u0000b", "a\r\n\r\nb"})
    void headerValuesWithLineBreaksAreRefused(String value) {
        expectRefused(step("chat/completions", new JsonObject().put("x-custom", value)));
        JsonObject legacy = step("chat/completions", new JsonObject());
        legacy.getJsonObject("headers").remove("authorization");
        expectRefused(legacy.put("authorization", "Bearer " + value));
        expectRefused(step("chat/completions", new JsonObject()).put("config", new JsonObject().put("backoff", value)));
    }

    @Test
    void hugeOrManyStepHeadersAreRefused() {
        expectRefused(step("chat/completions", new JsonObject().put("x-big", "a".repeat(70 * 1024))));
        JsonObject many = new JsonObject();
        for (int i = 0; i < 200; i++) {
            many.put("x-h" + i, "v");
        }
        expectRefused(step("chat/completions", many));
    }

    @Test
    void repeatedBadQueriesTakeNoUpstreamConnection() {
        for (int i = 0; i < 20; i++) {
            expectRefused(step("chat/completions?x=" + i + "\r\nX-Injected: yes", new JsonObject()));
        }
        assertThat(upstream.acceptedConnections()).isZero();
    }

    @Test
    void aWellFormedStepStillGoesThrough() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"ok\"}");
        given().contentType("application/json")
                .body(new JsonArray()
                        .add(step("chat/completions?x=a%2Fb", new JsonObject().put("x-tab", "a\tb")))
                        .encode())
                .post("/v1/acct/default")
                .then()
                .statusCode(200)
                .body("id", equalTo("ok"));
        assertThat(upstream.single().uri()).isEqualTo("/openai/v1/chat/completions?x=a%2Fb");
    }

    private static JsonObject step(String endpoint, JsonObject headers) {
        return new JsonObject()
                .put("provider", "openai")
                .put("endpoint", endpoint)
                .put("headers", headers.put("authorization", "Bearer sk-client"))
                .put("query", new JsonObject().put("model", "gpt-4o-mini"));
    }

    private void expectRefused(JsonObject step) {
        given().contentType("application/json")
                .body(new JsonArray().add(step).encode())
                .post("/v1/acct/default")
                .then()
                .statusCode(400)
                .body("error[0].code", equalTo(2107))
                .body("error[0].message", containsString("Step 0"));
        assertThat(upstream.received()).isEmpty();
        assertThat(upstream.acceptedConnections()).isZero();
    }
}
