package dev.aigateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway management API: CRUD in the v4 envelope, merged with config, and what proxying sees of it. */
@QuarkusTest
class GatewaysApiTest extends GatewayTest {

    private static final String GATEWAYS = "/client/v4/accounts/acct/ai-gateway/gateways";
    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";

    /** Unique per run: rate-limit windows in Redis and rows in PostgreSQL outlive a test run. */
    private final String id = "api-" + UUID.randomUUID().toString().substring(0, 8);

    private static RequestSpecification admin() {
        return given().header("authorization", "Bearer admin-secret").contentType("application/json");
    }

    @BeforeEach
    void answer() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"chatcmpl-1\",\"choices\":[]}");
    }

    @jakarta.inject.Inject
    dev.aigateway.ratelimit.GatewayClock clock;

    @AfterEach
    void deleteCreated() {
        admin().delete(GATEWAYS + "/" + id);
        clock.reset();
    }

    private ValidatableResponse create(String body) {
        return admin().body(body).post(GATEWAYS).then();
    }

    /** The gateway-wide limit's Redis counter of an API gateway (bucket → count). */
    private static String counter(String gatewayId) {
        try (dev.aigateway.testing.TestRedis redis = new dev.aigateway.testing.TestRedis()) {
            return String.valueOf(
                    redis.send(io.vertx.redis.client.Command.HGETALL, "aigw:v1:rl:{" + gatewayId + "}:gateway:all"));
        }
    }

    /** The limiter's decisions so far, from the metrics. */
    private String decisions() {
        return given().baseUri(gateway.toString())
                .get("q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("gateway_ratelimit_decisions"))
                .toList()
                .toString();
    }

    private int chat(String gatewayId, Map<String, String> headers) {
        return postChat(gatewayId, CHAT, headers).statusCode();
    }

    @Test
    void adminTokenIsRequired() {
        given().get(GATEWAYS).then().statusCode(401).body("success", equalTo(false));
        given().header("authorization", "Bearer gw-token-one")
                .get(GATEWAYS)
                .then()
                .statusCode(401)
                .body("errors[0].message", equalTo("Authentication error"));
        given().contentType("application/json")
                .body("{\"id\":\"" + id + "\"}")
                .header("authorization", "Bearer wrong")
                .post(GATEWAYS)
                .then()
                .statusCode(401);
        assertThat(TestDb.query("SELECT 1 FROM gateways WHERE id = ?", id)).isEmpty();
    }

    @Test
    void createdGatewayProxiesAtOnceWithItsSettings() {
        // Its limit is 3 per clock-aligned minute: calls that straddle a minute's end count in two windows and the
        // 4th passes (seen in CI; reproduced: 1 run in 40 around hh:mm:59.5). Windows start now for this test.
        clock.set(System.currentTimeMillis() / 60_000 * 60_000);
        create("{\"id\":\"" + id + "\",\"cache_invalidate_on_update\":true,\"cache_ttl\":0,\"collect_logs\":true,"
                        + "\"rate_limiting_interval\":60,\"rate_limiting_limit\":3,\"rate_limiting_technique\":\"fixed\","
                        + "\"authentication\":true,\"tokens\":[\"team-token-1\"],\"retry_max_attempts\":2}")
                .statusCode(200)
                .body("success", equalTo(true))
                .body("result.id", equalTo(id))
                .body("result.authentication", equalTo(true))
                .body("result.rate_limiting_limit", equalTo(3))
                .body("result.retry_max_attempts", equalTo(2))
                .body("result.retry_backoff", equalTo("constant"))
                .body("result.collect_logs", equalTo(true))
                .body("result.source", equalTo("api"))
                .body("result.created_at", not(nullValue()))
                .body("result.tokens", nullValue())
                .body(not(containsString("team-token-1")));
        // the secret is kept only as a digest
        String stored = String.valueOf(TestDb.query("SELECT settings::text AS s FROM gateways WHERE id = ?", id)
                .get(0)
                .get("s"));
        assertThat(stored).doesNotContain("team-token-1").contains("token_digests");

        // usable at once: its token is required, its rate limit applies
        assertThat(chat(id, Map.of())).isEqualTo(401);
        Map<String, String> token = Map.of("cf-aig-authorization", "Bearer team-token-1");
        // Each answer's RateLimit-* headers say whether the limiter counted it (absent when Redis did not answer and
        // the gateway failed open; Remaining back up when a new window began): for the message, should it fail.
        List<String> seen = new java.util.ArrayList<>();
        java.util.function.IntSupplier call = () -> {
            io.restassured.response.Response r = postChat(id, CHAT, token);
            seen.add(r.statusCode() + " remaining=" + r.header("RateLimit-Remaining") + " reset="
                    + r.header("RateLimit-Reset"));
            return r.statusCode();
        };
        assertThat(call.getAsInt()).isEqualTo(200);
        assertThat(upstream.received()).hasSize(1);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-client");
        assertThat(call.getAsInt()).isEqualTo(200);
        assertThat(call.getAsInt()).isEqualTo(200);
        assertThat(call.getAsInt())
                .as(() -> "4th call under a limit of 3: answers " + seen + ", Redis counter " + counter(id) + ", "
                        + decisions())
                .isEqualTo(429);
        assertThat(upstream.received()).hasSize(3);

        // its requests are logged under it and visible through the Logs API
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestDb.query("SELECT 1 FROM request_logs WHERE gateway_id = ?", id)
                                .size()
                        == 5);
        admin().get(GATEWAYS + "/" + id + "/logs?per_page=50&order_by=created_at&order_by_direction=asc")
                .then()
                .statusCode(200)
                .body("result_info.total_count", equalTo(5))
                .body("result.status_code", equalTo(List.of(401, 200, 200, 200, 429)))
                .body("result.authentication", equalTo(List.of(false, true, true, true, true)))
                .body("result[1].provider", equalTo("openai"));
    }

    @Test
    void getUpdateUrlAndDelete() {
        create("{\"id\":\"" + id + "\",\"authentication\":true,\"tokens\":[\"tok-upd\"]}")
                .statusCode(200);
        admin().get(GATEWAYS + "/" + id)
                .then()
                .statusCode(200)
                .body("result.id", equalTo(id))
                .body("result.collect_logs", equalTo(true))
                .body("result.cache_ttl", nullValue())
                .body("result.is_default", equalTo(false));

        // a full update without tokens keeps them; turning authentication off opens the gateway
        admin().body("{\"cache_invalidate_on_update\":false,\"collect_logs\":false,\"authentication\":true,"
                        + "\"retry_max_attempts\":4,\"retry_delay\":250,\"retry_backoff\":\"linear\"}")
                .put(GATEWAYS + "/" + id)
                .then()
                .statusCode(200)
                .body("result.retry_max_attempts", equalTo(4))
                .body("result.retry_backoff", equalTo("linear"))
                .body("result.collect_logs", equalTo(false));
        assertThat(chat(id, Map.of("cf-aig-authorization", "Bearer tok-upd"))).isEqualTo(200);
        admin().body("{\"authentication\":false}")
                .put(GATEWAYS + "/" + id)
                .then()
                .statusCode(200);
        assertThat(chat(id, Map.of())).isEqualTo(200);

        admin().get(GATEWAYS + "/" + id + "/url/anthropic")
                .then()
                .statusCode(200)
                .body("result", equalTo(gateway.toString() + "v1/acct/" + id + "/anthropic"));
        admin().get(GATEWAYS + "/" + id + "/url/nope").then().statusCode(400);

        admin().delete(GATEWAYS + "/" + id)
                .then()
                .statusCode(200)
                .body("result.id", equalTo(id))
                .body("result.retry_backoff", equalTo("constant"));
        admin().get(GATEWAYS + "/" + id).then().statusCode(404).body("errors[0].code", equalTo(7002));
        postChat(id, CHAT, Map.of()).then().statusCode(400).body("error[0].code", equalTo(2001));
        admin().delete(GATEWAYS + "/" + id).then().statusCode(404);
        admin().body("{}").put(GATEWAYS + "/" + id).then().statusCode(404);
    }

    @Test
    void configuredGatewaysAreListedButNeverOverridden() {
        admin().get(GATEWAYS + "?per_page=100")
                .then()
                .statusCode(200)
                .body("result.id", hasItem("default"))
                .body("result.find { it.id == 'secured' }.source", equalTo("config"))
                .body("result.find { it.id == 'secured' }.authentication", equalTo(true))
                .body("result.find { it.id == 'default' }.is_default", equalTo(true))
                .body("result_info.page", equalTo(1));
        admin().get(GATEWAYS + "?search=secur")
                .then()
                .body("result.id", equalTo(List.of("secured")))
                .body("result_info.total_count", equalTo(1));
        admin().get(GATEWAYS + "?per_page=2&page=2")
                .then()
                .body("result_info.count", equalTo(2))
                .body("result_info.per_page", equalTo(2));

        create("{\"id\":\"secured\"}").statusCode(409).body("errors[0].code", equalTo(7005));
        admin().body("{\"authentication\":false}")
                .put(GATEWAYS + "/secured")
                .then()
                .statusCode(409);
        admin().delete(GATEWAYS + "/default").then().statusCode(409);
        assertThat(chat("secured", Map.of())).isEqualTo(401);
    }

    @Test
    void badInputGetsAnEnvelopeError() {
        create("{\"id\":\"" + id + "\"}").statusCode(200);
        create("{\"id\":\"" + id + "\"}").statusCode(409).body("errors[0].message", containsString("exists"));
        create("not json").statusCode(400).body("errors[0].message", containsString("JSON"));
        create("[]").statusCode(400);
        create("{}").statusCode(400).body("errors[0].message", containsString("id"));
        create("{\"id\":\"Has Spaces\"}").statusCode(400);
        create("{\"id\":\"" + "a".repeat(65) + "\"}").statusCode(400);
        create("{\"id\":\"ok-id-2\",\"retry_max_attempts\":9}")
                .statusCode(400)
                .body("errors[0].message", containsString("retry_max_attempts"));
        create("{\"id\":\"ok-id-2\",\"rate_limiting_technique\":\"leaky\"}").statusCode(400);
        create("{\"id\":\"ok-id-2\",\"collect_logs\":\"yes\"}").statusCode(400);
        create("{\"id\":\"ok-id-2\",\"tokens\":\"secret-not-echoed\"}")
                .statusCode(400)
                .body(not(containsString("secret-not-echoed")));
        admin().get(GATEWAYS + "?page=0").then().statusCode(400);
        assertThat(TestDb.query("SELECT 1 FROM gateways WHERE id = 'ok-id-2'")).isEmpty();
    }

    /**
     * Issue 11: {@code authentication: true} without tokens was accepted, and the gateway then answered 401 to every
     * request (the official Cloudflare SDK cannot send tokens). Refused on create and on update.
     */
    @Test
    void authenticationWithoutAnyTokenIsRefused() {
        create("{\"id\":\"" + id + "\",\"authentication\":true}")
                .statusCode(400)
                .body("success", equalTo(false))
                .body("errors[0].code", equalTo(7001))
                .body("errors[0].message", containsString("authentication: true needs at least one gateway token"));
        create("{\"id\":\"" + id + "\",\"authentication\":true,\"tokens\":[]}").statusCode(400);
        assertThat(TestDb.query("SELECT 1 FROM gateways WHERE id = ?", id)).isEmpty();

        create("{\"id\":\"" + id + "\"}").statusCode(200);
        admin().body("{\"authentication\":true}")
                .put(GATEWAYS + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("tokens"));
        admin().body("{\"authentication\":true,\"tokens\":[]}")
                .put(GATEWAYS + "/" + id)
                .then()
                .statusCode(400);
        admin().get(GATEWAYS + "/" + id).then().statusCode(200).body("result.authentication", equalTo(false));
        assertThat(chat(id, Map.of())).isEqualTo(200);
        // with a token in the same request it is fine
        admin().body("{\"authentication\":true,\"tokens\":[\"tok-now\"]}")
                .put(GATEWAYS + "/" + id)
                .then()
                .statusCode(200)
                .body("result.authentication", equalTo(true));
    }

    /** Another replica's change: written straight to PostgreSQL, picked up by this one's poll within seconds. */
    @Test
    void changesFromAnotherReplicaArriveWithinSeconds() {
        assertThat(chat(id, Map.of())).isEqualTo(400);
        TestDb.update("INSERT INTO gateways (id, settings) VALUES (?, '{\"collect_logs\":false}'::jsonb)", id);
        TestDb.update("UPDATE gateway_revision SET revision = revision + 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> chat(id, Map.of()) == 200);
        TestDb.update("DELETE FROM gateways WHERE id = ?", id);
        TestDb.update("UPDATE gateway_revision SET revision = revision + 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> chat(id, Map.of()) == 400);
    }
}
