package dev.aigateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * A provider that answers and closes the connection while the gateway is still sending the request (here: its HTTP
 * server refuses a header too large for it with 431) still gets the client a clear answer, never an empty reply: the
 * provider's status when its head arrived, else 502 in the gateway's envelope.
 */
@QuarkusTest
class UpstreamEarlyAnswerTest extends GatewayTest {

    @Test
    void anUpstream431AndCloseMidRequestReachesTheClient() {
        String big = "x".repeat(15 * 1024); // under the gateway's header limit, over the fake provider's 8 KB
        String body = "{\"model\":\"m\",\"pad\":\"" + "y".repeat(900 * 1024) + "\"}";
        Response response = given().header("authorization", "Bearer sk-client")
                .header("x-big", big)
                .contentType("application/json")
                .body(body)
                .post("/v1/acct/default/openai/v1/chat/completions");
        int status = response.statusCode();
        assertThat(status).isIn(431, 502);
        if (status == 502) {
            assertThat(response.jsonPath().getInt("error[0].code")).isPositive();
        }
        assertThat(upstream.received()).isEmpty(); // the provider never saw a request it could serve
    }

    @Test
    void anUpstream431AndCloseToALargeStepHeaderReachesTheClient() {
        io.vertx.core.json.JsonObject step = new io.vertx.core.json.JsonObject()
                .put("provider", "openai")
                .put("endpoint", "chat/completions")
                .put("headers", new io.vertx.core.json.JsonObject().put("x-big", "x".repeat(12 * 1024)))
                .put("query", new io.vertx.core.json.JsonObject().put("model", "m"));
        Response response = given().contentType("application/json")
                .body(new io.vertx.core.json.JsonArray().add(step).encode())
                .post("/v1/acct/default");
        int status = response.statusCode();
        assertThat(status).isIn(431, 502);
        if (status == 502) {
            assertThat(response.jsonPath().getInt("error[0].code")).isPositive();
        }
        assertThat(upstream.received()).isEmpty();
    }
}
