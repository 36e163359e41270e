package dev.aigateway.route;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The routes management API: a route created with elements serves at once; a new version is not used until it is
 * deployed; deploying v2 switches requests to it and deploying v1 again rolls back; invalid graphs are refused with
 * the element named; configured routes are listed (with their elements) but not changeable.
 */
@QuarkusTest
class RoutesApiTest extends GatewayTest {

    private static final String ROUTES = "/client/v4/accounts/acct/ai-gateway/gateways/routed/routes";
    private static final String OPENAI = "/openai/v1/chat/completions";

    private static RequestSpecification admin() {
        return given().header("authorization", "Bearer admin-secret").contentType("application/json");
    }

    private static JsonArray elements(String model) {
        return new JsonArray("[{\"id\":\"start\",\"type\":\"start\",\"outputs\":{\"next\":{\"elementId\":\"m\"}}},"
                + "{\"id\":\"m\",\"type\":\"model\",\"properties\":{\"provider\":\"openai\",\"model\":\"" + model
                + "\"},\"outputs\":{\"success\":{\"elementId\":\"end\"}}},{\"id\":\"end\",\"type\":\"end\"}]");
    }

    private Response chat(String route) {
        return given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("cf-aig-authorization", "Bearer route-token")
                .body("{\"model\":\"dynamic/" + route + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/routed/compat/chat/completions");
    }

    @Test
    void anApiGatewaysDefaultRouteTakesItsProviderNativeChatRequests() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        String gw = "defroute-" + UUID.randomUUID().toString().substring(0, 8);
        String gateways = "/client/v4/accounts/acct/ai-gateway/gateways";
        admin().baseUri(gateway.toString())
                .body("{\"id\":\"" + gw + "\",\"default_route\":[1]}")
                .post(gateways)
                .then()
                .statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("default_route"));
        admin().baseUri(gateway.toString())
                .body("{\"id\":\"" + gw + "\",\"default_route\":\"support\"}")
                .post(gateways)
                .then()
                .statusCode(200)
                .body("result.default_route", org.hamcrest.Matchers.equalTo("support"));
        try {
            Response before = native_(gw); // the route does not exist yet: the request goes to the provider it names
            before.then().statusCode(200);
            assertThat(before.header("cf-aig-route")).isNull();
            assertThat(lastModel()).isEqualTo("gpt-4o-mini");

            admin().baseUri(gateway.toString())
                    .body(new JsonObject()
                            .put("name", "support")
                            .put("elements", elements("gpt-4o"))
                            .encode())
                    .post(gateways + "/" + gw + "/routes")
                    .then()
                    .statusCode(200);
            native_(gw).then().statusCode(200).header("cf-aig-route", "support").header("cf-aig-model", "gpt-4o");
            assertThat(lastModel()).isEqualTo("gpt-4o");
            assertThat(last().header("authorization")).isEqualTo("Bearer sk-client-own");
        } finally {
            admin().baseUri(gateway.toString())
                    .delete(gateways + "/" + gw)
                    .then()
                    .statusCode(200);
        }
    }

    private dev.aigateway.testing.FakeUpstream.Received last() {
        return upstream.received().get(upstream.received().size() - 1);
    }

    private String lastModel() {
        return new JsonObject(last().body()).getString("model");
    }

    private Response native_(String gw) {
        return given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("authorization", "Bearer sk-client-own")
                .body("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/" + gw + "/openai/chat/completions");
    }

    @Test
    void versionsAndDeploymentsDecideWhatServes() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        String name = "api-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath created = admin().baseUri(gateway.toString())
                .body(new JsonObject()
                        .put("name", name)
                        .put("elements", elements("gpt-4o-mini"))
                        .encode())
                .post(ROUTES)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String id = created.getString("result.id");
        String v1 = created.getString("result.version.version_id");
        Response first = chat(name);
        first.then().statusCode(200).header("cf-aig-model", "gpt-4o-mini").header("cf-aig-route", name);
        assertThat(first.header("cf-aig-route-version")).isEqualTo(v1);

        String v2 = admin().baseUri(gateway.toString())
                .body(new JsonObject()
                        .put("comment", "bigger")
                        .put("elements", elements("gpt-4o"))
                        .encode())
                .post(ROUTES + "/" + id + "/versions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("result.version_id");
        chat(name).then().statusCode(200).header("cf-aig-model", "gpt-4o-mini"); // not deployed yet

        admin().baseUri(gateway.toString())
                .body(new JsonObject().put("version_id", v2).encode())
                .post(ROUTES + "/" + id + "/deployments")
                .then()
                .statusCode(200);
        chat(name).then().statusCode(200).header("cf-aig-model", "gpt-4o").header("cf-aig-route-version", v2);

        JsonPath versions = admin().baseUri(gateway.toString())
                .get(ROUTES + "/" + id + "/versions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(versions.getList("result.versions.version_id")).containsExactly(v1, v2);
        assertThat(versions.getList("result.versions.active")).containsExactly("false", "true");

        admin().baseUri(gateway.toString())
                .body(new JsonObject()
                        .put("version_id", v1)
                        .put("comment", "roll back")
                        .encode())
                .post(ROUTES + "/" + id + "/deployments")
                .then()
                .statusCode(200);
        chat(name).then().statusCode(200).header("cf-aig-model", "gpt-4o-mini").header("cf-aig-route-version", v1);
        assertThat(admin().baseUri(gateway.toString())
                        .get(ROUTES + "/" + id + "/deployments")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("result.deployments.version_id"))
                .containsExactly(v1, v2, v1);
        assertThat(admin().baseUri(gateway.toString())
                        .get(ROUTES + "/" + id + "/versions/" + v2)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("result.data"))
                .contains("\"gpt-4o\"");

        admin().baseUri(gateway.toString()).delete(ROUTES + "/" + id).then().statusCode(200);
        chat(name).then().statusCode(404);
    }

    @Test
    void aRouteWrittenByAnotherReplicaServesWithinTheRefreshInterval() {
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
        String name = "replica-" + UUID.randomUUID().toString().substring(0, 8);
        UUID route = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        chat(name).then().statusCode(404);
        // what another replica's API call leaves in PostgreSQL: the rows and a revision bump
        TestDb.update("INSERT INTO routes (id, gateway_id, name) VALUES (?, 'routed', ?)", route, name);
        TestDb.update(
                "INSERT INTO route_versions (id, route_id, elements) VALUES (?, ?, ?::jsonb)",
                version,
                route,
                elements("gpt-4o").encode());
        TestDb.update(
                "INSERT INTO route_deployments (id, route_id, version_id) VALUES (?, ?, ?)",
                UUID.randomUUID(),
                route,
                version);
        TestDb.update("UPDATE route_revision SET revision = revision + 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat(name).statusCode() == 200);
        chat(name).then().header("cf-aig-model", "gpt-4o").header("cf-aig-route-version", version.toString());
        TestDb.update("DELETE FROM routes WHERE id = ?", route);
        TestDb.update("UPDATE route_revision SET revision = revision + 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat(name).statusCode() == 404);
    }

    @Test
    void invalidGraphsAreRefusedWithTheElementNamed() {
        JsonArray cyclic = elements("gpt-4o");
        cyclic.getJsonObject(1).getJsonObject("outputs").put("fallback", new JsonObject().put("elementId", "m"));
        String message = admin().baseUri(gateway.toString())
                .body(new JsonObject()
                        .put("name", "bad-" + UUID.randomUUID().toString().substring(0, 8))
                        .put("elements", cyclic)
                        .encode())
                .post(ROUTES)
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("errors[0].message");
        assertThat(message).contains("'m'").contains("cycle");

        JsonArray unknown = elements("gpt-4o");
        unknown.getJsonObject(1).getJsonObject("properties").put("provider", "nowhere-ai");
        assertThat(admin().baseUri(gateway.toString())
                        .body(new JsonObject()
                                .put("name", "bad2")
                                .put("elements", unknown)
                                .encode())
                        .post(ROUTES)
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("element 'm'")
                .contains("nowhere-ai");
    }

    @Test
    void configuredRoutesAreListedButNotChangeable() {
        JsonPath list = admin().baseUri(gateway.toString())
                .get(ROUTES)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("result.routes.name")).contains("failover", "by-plan");
        admin().baseUri(gateway.toString())
                .body("{\"name\":\"failover\",\"elements\":"
                        + elements("gpt-4o").encode() + "}")
                .post(ROUTES)
                .then()
                .statusCode(409);
        admin().baseUri(gateway.toString())
                .delete(ROUTES + "/config:failover")
                .then()
                .statusCode(409);
        admin().baseUri(gateway.toString())
                .get(ROUTES + "/config:failover")
                .then()
                .statusCode(200)
                .body("result.source", org.hamcrest.Matchers.equalTo("config"))
                .body("result.elements.id", org.hamcrest.Matchers.contains("start", "claude", "gpt", "end"));
        given().baseUri(gateway.toString()).get(ROUTES).then().statusCode(401);
    }
}
