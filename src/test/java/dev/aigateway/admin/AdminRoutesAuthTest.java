package dev.aigateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every management route — gateways, cache, logs; reads and writes — is behind the admin token: without it, with a
 * wrong one or with a gateway token the answer is the same 401 in the v4 envelope, and nothing changes. A route added
 * without the {@link AdminApi} binding fails here.
 */
@QuarkusTest
class AdminRoutesAuthTest extends GatewayTest {

    private static final String GATEWAYS = "/client/v4/accounts/acct/ai-gateway/gateways";
    private static final String ADMIN = "Bearer admin-secret";

    private final String created = "auth-" + UUID.randomUUID().toString().substring(0, 8);
    private String logId;

    /** A log of gateway {@code default} for the routes about one log. */
    @BeforeEach
    void oneLog() {
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        logId = postChat("default", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", Map.of())
                .then()
                .statusCode(200)
                .extract()
                .header("cf-aig-log-id");
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(logId) != null);
    }

    @AfterEach
    void deleteCreated() {
        given().header("authorization", ADMIN).delete(GATEWAYS + "/" + created);
    }

    /** Each management route, as one call with a given request specification. */
    private List<Function<RequestSpecification, Response>> routes() {
        String logs = GATEWAYS + "/default/logs";
        String onlyThisLog = "?filters[0][key]=id&filters[0][operator]=eq&filters[0][value][0]=" + logId;
        return List.of(
                r -> r.get(GATEWAYS),
                r -> r.contentType("application/json")
                        .body("{\"id\":\"" + created + "\"}")
                        .post(GATEWAYS),
                r -> r.get(GATEWAYS + "/default"),
                r -> r.contentType("application/json").body("{}").put(GATEWAYS + "/" + created),
                r -> r.get(GATEWAYS + "/default/url/openai"),
                r -> r.delete(GATEWAYS + "/" + created + "/cache"),
                r -> r.get(logs),
                r -> r.get(logs + "/" + logId),
                r -> r.get(logs + "/" + logId + "/request"),
                r -> r.get(logs + "/" + logId + "/response"),
                r -> r.contentType("application/json").body("{\"feedback\":1}").patch(logs + "/" + logId),
                r -> r.urlEncodingEnabled(false).delete(logs + onlyThisLog),
                r -> r.delete(GATEWAYS + "/" + created),
                // unknown gateways and logs: the token is checked first, so nothing is learnt about them
                r -> r.get(GATEWAYS + "/nope/logs"),
                r -> r.delete(GATEWAYS + "/nope/cache"),
                r -> r.get(logs + "/not-a-log-id"));
    }

    @Test
    void everyRouteRefusesCallersWithoutAnAdminToken() {
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer gw-token-one", "admin-secret2"}) {
            List<Function<RequestSpecification, Response>> routes = routes();
            for (int i = 0; i < routes.size(); i++) {
                RequestSpecification spec = given();
                if (authorization != null) {
                    spec.header("authorization", authorization);
                }
                Response r = routes.get(i).apply(spec);
                String call = "route " + i + " with " + authorization + ": " + r.asString();
                assertThat(r.statusCode()).as(call).isEqualTo(401);
                assertThat(r.contentType()).as(call).startsWith("application/json");
                assertThat(r.jsonPath().getBoolean("success")).as(call).isFalse();
                assertThat(r.jsonPath().getInt("errors[0].code")).as(call).isEqualTo(10000);
                assertThat(r.jsonPath().getString("errors[0].message")).as(call).isEqualTo("Authentication error");
            }
        }
        // and the writes did nothing
        assertThat(TestDb.query("SELECT 1 FROM gateways WHERE id = ?", created)).isEmpty();
        Map<String, Object> row = TestDb.logRow(logId);
        assertThat(row).isNotNull();
        assertThat(row.get("feedback")).isNull();
    }

    @Test
    void anAdminReachesEveryRoute() {
        List<Function<RequestSpecification, Response>> routes = routes();
        for (int i = 0; i < routes.size(); i++) {
            Response r = routes.get(i).apply(given().header("authorization", ADMIN));
            assertThat(r.statusCode()).as("route " + i + ": " + r.asString()).isNotIn(401, 403, 500);
        }
    }

    @Test
    void aGatewayThatDoesNotExistIsNotFoundForAnAdmin() {
        for (Function<RequestSpecification, Response> route : List.<Function<RequestSpecification, Response>>of(
                r -> r.get(GATEWAYS + "/nope/logs"),
                r -> r.delete(GATEWAYS + "/nope/logs"),
                r -> r.get(GATEWAYS + "/nope/logs/" + logId),
                r -> r.delete(GATEWAYS + "/nope/cache"))) {
            Response r = route.apply(given().header("authorization", ADMIN));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(404);
            assertThat(r.jsonPath().getInt("errors[0].code")).isEqualTo(7002);
            assertThat(r.jsonPath().getString("errors[0].message")).isEqualTo("Gateway not found");
        }
    }
}
