package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Load balancing across a provider's stored keys and deployments (gateways {@code balanced*} in the test profile):
 * the weighted split, a rate-limited key skipped for the next one, least-in-flight, a key whose breaker opened
 * skipped (on its gateway only), all keys failing (the last error, or the route's fallback), the alias header pinning
 * one key, and deployments. Asserts what the client got and which key or URL the fake provider saw.
 */
@QuarkusTest
class KeyBalancingTest extends GatewayTest {

    private static final String OPENAI = "/openai/v1/chat/completions";
    private static final String CHAT =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini on"
            + " requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    private static final String REVOKED = "{\"error\":{\"message\":\"Incorrect API key provided.\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
    private static final String OVERLOADED =
            "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\",\"code\":null}}";

    private Response send(String gatewayId, String path, Map<String, String> headers) {
        var spec = given().baseUri(gateway.toString())
                .header("cf-aig-authorization", "Bearer lb-token")
                .contentType("application/json")
                .body(CHAT);
        headers.forEach(spec::header);
        return spec.post("v1/acct/" + gatewayId + path);
    }

    /** Answers as OpenAI does: {@code answer} picks the status by the key the request carried (null: success). */
    private void openAi(String path, Function<String, Integer> answer) {
        upstream.on(path, (req, body) -> reply(req, answer.apply(key(req))));
    }

    private static void reply(HttpServerRequest req, Integer status) {
        if (status == null) {
            req.response()
                    .putHeader("content-type", "application/json")
                    .end(Fixtures.read("openai/chat-completion.json"));
        } else if (status == 429) {
            req.response()
                    .setStatusCode(429)
                    .putHeader("content-type", "application/json")
                    .putHeader("retry-after", "20") // longer than the gateway waits for: only another key helps
                    .putHeader("x-ratelimit-remaining-requests", "0")
                    .end(RATE_LIMITED);
        } else {
            req.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(status == 401 ? REVOKED : OVERLOADED);
        }
    }

    private static String key(HttpServerRequest req) {
        String auth = req.getHeader("authorization");
        return auth == null ? null : auth.replaceFirst("^Bearer ", "");
    }

    private List<String> keysSeen() {
        return upstream.received().stream()
                .map(r -> r.header("authorization").replaceFirst("^Bearer ", ""))
                .toList();
    }

    @Test
    void weights2To1To1SplitFourHundredRequests() {
        openAi(OPENAI, key -> null);
        for (int i = 0; i < 400; i++) {
            assertThat(send("balanced", OPENAI, Map.of()).statusCode()).isEqualTo(200);
        }
        Map<String, Long> counts = keysSeen().stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        // smooth weighted round robin: the weights' shares over any run (± a few for where earlier tests left the
        // rotation)
        assertThat(counts.get("sk-lb-a")).isBetween(197L, 203L);
        assertThat(counts.get("sk-lb-b")).isBetween(97L, 103L);
        assertThat(counts.get("sk-lb-c")).isBetween(97L, 103L);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
    }

    @Test
    void aRateLimitedKeyIsSkippedForTheNextOne() {
        openAi(OPENAI, key -> key.equals("sk-lb-a") ? 429 : null);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String eventId = "lb-" + UUID.randomUUID();
            events.add(eventId);
            Response r = send("balanced", OPENAI, Map.of("cf-aig-event-id", eventId));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().asString()).doesNotContain("sk-lb");
        }
        // weight 2 of 4: key a was tried first twice, each time answered 429 and the request moved on at once
        List<String> seen = keysSeen();
        assertThat(seen.stream().filter("sk-lb-a"::equals).count()).isEqualTo(2);
        assertThat(seen).hasSize(6);
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).equals("sk-lb-a")) {
                assertThat(seen.get(i + 1)).isIn("sk-lb-b", "sk-lb-c");
            }
        }
        // the log rows name the alias of each attempt (never the key): the 429 row, then the one that served
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String eventId : events) {
            await().atMost(Duration.ofSeconds(15)).until(() -> !TestDb.query(
                            "SELECT 1 FROM request_logs WHERE event_id = ? AND status_code = 200", eventId)
                    .isEmpty());
            rows.addAll(TestDb.query(
                    "SELECT key_alias, status_code, attempt FROM request_logs WHERE event_id = ? ORDER BY attempt",
                    eventId));
        }
        assertThat(rows)
                .anySatisfy(
                        row -> assertThat(row).containsEntry("key_alias", "a").containsEntry("status_code", 429));
        assertThat(rows.stream().filter(row -> Integer.valueOf(200).equals(row.get("status_code"))))
                .hasSize(4)
                .allSatisfy(row -> assertThat(row.get("key_alias")).isIn("b", "c"));
        // the metric names the alias, never the key
        String metrics = given().baseUri(gateway.toString()).get("q/metrics").asString();
        assertThat(metrics)
                .contains("gateway_upstream_key_attempts_total{key=\"a\",outcome=\"retryable\",provider=\"openai\"}")
                .doesNotContain("sk-lb-");
    }

    @Test
    void allKeysFailingAnswersTheLastError() {
        openAi(OPENAI, key -> 429);
        Response r = send("balanced", OPENAI, Map.of());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.jsonPath().getString("error.code")).isEqualTo("rate_limit_exceeded");
        assertThat(r.header("cf-aig-attempts")).isEqualTo("3");
        assertThat(keysSeen()).containsExactlyInAnyOrder("sk-lb-a", "sk-lb-b", "sk-lb-c");
    }

    @Test
    void allKeysOfARouteElementFailingFallsBackToTheNextElement() {
        openAi(OPENAI, key -> 503);
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        Response r = given().baseUri(gateway.toString())
                .header("cf-aig-authorization", "Bearer lb-token")
                .contentType("application/json")
                .body("{\"model\":\"dynamic/lb\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/balanced/compat/chat/completions");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("cf-aig-provider")).isEqualTo("anthropic");
        JsonArray steps = new JsonArray(r.header("cf-aig-steps"));
        assertThat(steps.getJsonObject(0).getString("provider")).isEqualTo("openai");
        assertThat(steps.getJsonObject(0).getInteger("attempts")).isEqualTo(2);
        List<FakeUpstream.Received> openai =
                upstream.received().stream().filter(q -> q.uri().equals(OPENAI)).toList();
        // the element balances b and c only: each tried once, then the route falls back
        assertThat(openai.stream().map(q -> q.header("authorization")))
                .containsExactlyInAnyOrder("Bearer sk-lb-b", "Bearer sk-lb-c");
        assertThat(upstream.received().get(upstream.received().size() - 1).header("x-api-key"))
                .isEqualTo("sk-ant-lb");
    }

    @Test
    void theAliasHeaderPinsOneKey() {
        openAi(OPENAI, key -> key.equals("sk-lb-c") ? 429 : null);
        for (int i = 0; i < 3; i++) {
            assertThat(send("balanced", OPENAI, Map.of("cf-aig-byok-alias", "b"))
                            .statusCode())
                    .isEqualTo(200);
        }
        Response pinned = send("balanced", OPENAI, Map.of("cf-aig-byok-alias", "c"));
        assertThat(pinned.statusCode()).isEqualTo(429); // pinned: never moved to another key
        assertThat(keysSeen()).containsExactly("sk-lb-b", "sk-lb-b", "sk-lb-b", "sk-lb-c");
    }

    @Test
    void leastInFlightPrefersTheIdleKey() throws Exception {
        List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
        upstream.on(OPENAI, (req, body) -> {
            if (held.isEmpty()) {
                held.add(req); // the first request stays in flight
            } else {
                reply(req, null);
            }
        });
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> send("balanced-lif", OPENAI, Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
        String busy = key(held.get(0));
        for (int i = 0; i < 4; i++) {
            assertThat(send("balanced-lif", OPENAI, Map.of()).statusCode()).isEqualTo(200);
        }
        List<String> seen = keysSeen();
        assertThat(seen.subList(1, 5)).allSatisfy(k -> assertThat(k).isNotEqualTo(busy));
        held.get(0)
                .response()
                .putHeader("content-type", "application/json")
                .end(Fixtures.read("openai/chat-completion.json"));
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // both idle again: the next two requests use both keys
        send("balanced-lif", OPENAI, Map.of());
        send("balanced-lif", OPENAI, Map.of());
        assertThat(keysSeen().subList(5, 7)).containsExactlyInAnyOrder("sk-lif-x", "sk-lif-y");
    }

    @Test
    void aKeyWhoseBreakerOpenedIsSkippedOnItsGatewayOnly() {
        upstream.on("/pool/", (req, body) -> reply(req, key(req).equals("pool-p-revoked") ? 401 : null));
        for (int i = 0; i < 6; i++) {
            assertThat(send("balanced-keys", "/custom-pool/chat/completions", Map.of())
                            .statusCode())
                    .isEqualTo(200);
        }
        List<String> seen = keysSeen();
        // two 401s open p's breaker (threshold 2, ratio 1.0); from then on only q is called
        assertThat(seen.stream().filter("pool-p-revoked"::equals).count()).isEqualTo(2);
        assertThat(seen.subList(seen.size() - 3, seen.size())).containsOnly("pool-q");
        // another gateway's alias p has a breaker of its own, still closed; the provider host's breaker never opened
        Response other = send("balanced-tenant", "/custom-pool/chat/completions", Map.of());
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(keysSeen().get(keysSeen().size() - 1)).isEqualTo("pool-p-tenant");
        given().baseUri(gateway.toString())
                .get("q/health/ready")
                .then()
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("custom-pool@")));
    }

    @Test
    void deploymentsShareRequestsAndAFailingOneIsSkipped() {
        upstream.on("/pool-east/", (req, body) -> reply(req, 503));
        upstream.on("/pool-west/", (req, body) -> reply(req, null));
        for (int i = 0; i < 4; i++) {
            Response r = given().baseUri(gateway.toString())
                    .header("authorization", "Bearer client-own-key")
                    .contentType("application/json")
                    .body(CHAT)
                    .post("v1/acct/balanced-deploy/custom-pool/chat/completions");
            assertThat(r.statusCode()).isEqualTo(200);
        }
        List<String> uris =
                upstream.received().stream().map(FakeUpstream.Received::uri).toList();
        assertThat(uris.stream().filter(u -> u.startsWith("/pool-west/chat/completions")))
                .hasSize(4);
        // east answered 503 twice (its breaker then opened: threshold 2) and each time west served at once
        assertThat(uris.stream().filter(u -> u.startsWith("/pool-east/chat/completions")))
                .hasSize(2);
        assertThat(upstream.received())
                .allSatisfy(q -> assertThat(q.header("authorization")).isEqualTo("Bearer client-own-key"));
    }
}
