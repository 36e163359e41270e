package dev.aigateway.spend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.ratelimit.GatewayClock;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.SpendRule;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestRedis;
import dev.aigateway.usage.PriceCatalogue;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Spend limits seen from the client and the fake provider: the request's maximum cost (gpt-4o-mini from the price
 * catalogue: 150 nano-dollars per input token, 600 per output token) reserved before the call, settled with the real
 * cost after it. Gateway {@code spend}: $0.0005 per hour per {@code cf-aig-metadata} user, retries, a cache.
 */
@QuarkusTest
class SpendLimitTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String SPEND_API = "/client/v4/accounts/acct/ai-gateway/gateways/%s/spend-limits";
    private static final long BUDGET = 500_000; // nano-dollars: $0.0005
    private static final long INPUT = 150; // gpt-4o-mini, nano-dollars per token
    private static final long OUTPUT = 600;

    @Inject
    GatewayRegistry registry;

    @Inject
    PriceCatalogue prices;

    private static String body(String user, int maxTokens, boolean stream) {
        return "{\"model\":\"gpt-4o-mini\",\"max_tokens\":" + maxTokens + (stream ? ",\"stream\":true" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + user + "\"}]}";
    }

    private static long prompt(String body) {
        return (body.length() + 3) / 4;
    }

    private static String usage(long prompt, long completion) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    private Response post(String gatewayId, String user, String body, boolean skipCache) {
        Map<String, String> headers = new HashMap<>();
        headers.put("cf-aig-metadata", new JsonObject().put("user", user).encode());
        if (skipCache) {
            headers.put("cf-aig-skip-cache", "true");
        }
        return postChat(gatewayId, body, headers);
    }

    private JsonPath spendApi(String gatewayId, String user) {
        var spec = given().baseUri(gateway.toString()).header("authorization", "Bearer admin-secret");
        if (user != null) {
            spec.queryParam("metadata", user);
        }
        return spec.get(SPEND_API.formatted(gatewayId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The user's spend under rule per-user, in nano-dollars, from the management API. */
    private long spent(String user) {
        Object v = spendApi("spend", user).get("result.spend_limits[0].spent");
        return v == null ? -1 : Math.round(((Number) v).doubleValue() * 1e9);
    }

    private void awaitSpent(String user, long nanos) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spent(user))
                .isEqualTo(nanos));
    }

    /**
     * Two gateway instances on one Redis: 25 requests through this gateway over HTTP and 25 checks of a second
     * instance's limiter (its own Vert.x and Redis connection, charging the same rule's counter with the same
     * catalogue price, as a second replica's admission does), all at once, against a budget that fits exactly N
     * maximum costs. The provider answers with exactly the reserved usage, so settling changes nothing whenever it
     * lands: exactly N pass in total, and the fake provider sees exactly the HTTP share.
     */
    @Test
    void fiftyConcurrentRequestsOnTwoInstancesPassExactlyAsManyAsTheBudgetAllows() throws Exception {
        String user = "exact-" + UUID.randomUUID();
        String body = body(user, 100, false);
        long maxCost = prompt(body) * INPUT + 100 * OUTPUT;
        int n = (int) (BUDGET / maxCost);
        assertThat(n).isBetween(2, 24);
        upstream.onJson(CHAT, 200, usage(prompt(body), 100));

        SpendRule rule = registry.find("spend").orElseThrow().spendLimits().get(0);
        long cost = prices.maxCostNanos("openai", "gpt-4o-mini", prompt(body), 100, Instant.now());
        assertThat(cost).as("the catalogue's price of the request").isEqualTo(maxCost);
        Charge charge = Charge.of("spend", rule.limitRule(), rule.counterId("openai", "gpt-4o-mini", user), cost);

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try (TestRedis redisB = new TestRedis()) {
            RateLimiter replicaB = new RateLimiter(
                    new RedisCalls(redisB.client(), redisB.vertx()), new GatewayClock(), Duration.ofSeconds(5));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> http = new ArrayList<>();
            List<Future<RateLimiter.Decision>> replica = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                http.add(pool.submit(() -> {
                    go.await();
                    return post("spend", user, body, true).statusCode();
                }));
                replica.add(pool.submit(() -> {
                    go.await();
                    return replicaB.check(List.of(charge), false)
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                }));
            }
            go.countDown();
            int passedA = 0;
            int refusedA = 0;
            for (Future<Integer> f : http) {
                int status = f.get(60, TimeUnit.SECONDS);
                passedA += status == 200 ? 1 : 0;
                refusedA += status == 429 ? 1 : 0;
            }
            int passedB = 0;
            for (Future<RateLimiter.Decision> f : replica) {
                RateLimiter.Decision d = f.get(30, TimeUnit.SECONDS);
                assertThat(d.unavailable()).isFalse();
                passedB += d.allowed() ? 1 : 0;
            }
            System.out.printf(
                    "Spend exactness: budget %d n$, max cost %d n$ → N = %d; passed %d (HTTP %d, replica %d) of 50%n",
                    BUDGET, maxCost, n, passedA + passedB, passedA, passedB);
            assertThat(passedA + passedB)
                    .as("requests admitted by both instances")
                    .isEqualTo(n);
            assertThat(refusedA).isEqualTo(25 - passedA);
            assertThat(upstream.received()).as("what the provider saw").hasSize(passedA);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void settlingWithTheRealCostFreesTheUnusedReservation() {
        String user = "settle-" + UUID.randomUUID();
        String body = body(user, 700, false);
        long maxCost = prompt(body) * INPUT + 700 * OUTPUT;
        assertThat(2 * maxCost).as("two maximum costs do not fit").isGreaterThan(BUDGET);
        assertThat(maxCost).isLessThanOrEqualTo(BUDGET);
        upstream.onJson(CHAT, 200, usage(12, 10));

        assertThat(post("spend", user, body, true).statusCode()).isEqualTo(200);
        long real = 12 * INPUT + 10 * OUTPUT;
        awaitSpent(user, real);
        Response second = post("spend", user, body, true);
        assertThat(second.statusCode())
                .as("the reservation's unused part was given back")
                .isEqualTo(200);
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aStreamedResponseIsChargedOnceWithItsRealCost() {
        String user = "stream-" + UUID.randomUUID();
        upstream.on(CHAT, (req, b) -> {
            boolean asked = new JsonObject(b)
                    .getJsonObject("stream_options", new JsonObject())
                    .getBoolean("include_usage", false);
            assertThat(asked).as("the gateway asks the stream for its usage").isTrue();
            req.response()
                    .putHeader("content-type", "text/event-stream")
                    .end(dev.aigateway.testing.Fixtures.read("usage/openai-chat-include-usage.sse"));
        });
        Response r = post("spend", user, body(user, 200, true), true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains("[DONE]").doesNotContain("\"prompt_tokens\"");
        awaitSpent(user, 9 * INPUT + 2 * OUTPUT); // the stream's usage chunk: 9 prompt, 2 completion tokens
    }

    @Test
    void aRetriedRequestIsChargedOnceWithItsRealCost() {
        String user = "retry-" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        upstream.on(CHAT, (req, b) -> {
            if (attempts.incrementAndGet() == 1) {
                req.response()
                        .setStatusCode(500)
                        .putHeader("content-type", "application/json")
                        .end("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
            } else {
                req.response().putHeader("content-type", "application/json").end(usage(20, 30));
            }
        });
        assertThat(post("spend", user, body(user, 300, false), true).statusCode())
                .isEqualTo(200);
        assertThat(upstream.received()).as("one failed attempt, one answer").hasSize(2);
        awaitSpent(user, 20 * INPUT + 30 * OUTPUT);
    }

    @Test
    void aCacheHitCostsNothing() {
        String user = "cache-" + UUID.randomUUID();
        upstream.onJson(CHAT, 200, usage(10, 10));
        String body = body(user, 100, false);
        Response miss = post("spend", user, body, false);
        assertThat(miss.header("cf-aig-cache-status")).isEqualTo("MISS");
        awaitSpent(user, 10 * INPUT + 10 * OUTPUT);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        post("spend", user, body, false).header("cf-aig-cache-status"))
                .isEqualTo("HIT"));
        assertThat(upstream.received()).hasSize(1);
        awaitSpent(user, 10 * INPUT + 10 * OUTPUT); // the hit's reservation was given back whole
    }

    @Test
    void unknownPricesPassCountingNothingOrAreRefusedAsTheRuleSays() {
        String user = "unknown-" + UUID.randomUUID();
        upstream.onJson(CHAT, 200, usage(10, 10));
        String mystery = "{\"model\":\"mystery-model-9\",\"max_tokens\":100,\"messages\":[]}";

        Response allowed = post("spend", user, mystery, true);
        assertThat(allowed.statusCode()).as("allow: passes").isEqualTo(200);
        assertThat(upstream.received()).hasSize(1);
        assertThat(spent(user)).as("and counts 0").isZero();

        Response refused = post("spend-strict", user, mystery, true);
        assertThat(refused.statusCode()).as("refuse").isEqualTo(403);
        assertThat(refused.jsonPath().getInt("error[0].code")).isEqualTo(2122);
        assertThat(refused.jsonPath().getString("error[0].message"))
                .contains("'all'")
                .contains("mystery-model-9");
        assertThat(upstream.received()).as("no provider call").hasSize(1);

        Response priced = post("spend-strict", user, body(user, 10, false), true);
        assertThat(priced.statusCode())
                .as("a priced model passes the strict rule")
                .isEqualTo(200);
        assertThat(priced.header("cf-aig-spend-limit")).isEqualTo("1");
    }

    /**
     * Split by value: user A's budget spent, A is refused with 429 / 2041 in the gateway's envelope, with
     * {@code Retry-After} and the budget headers, while user B still passes.
     */
    @Test
    void oneUsersExhaustedBudgetRefusesOnlyThatUser() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        String body = body(a, 700, false);
        long maxCost = prompt(body) * INPUT + 700 * OUTPUT;
        upstream.onJson(CHAT, 200, usage(prompt(body), 700)); // spends all it reserved

        Response first = post("spend", a, body, true);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("cf-aig-spend-limit")).isEqualTo("0.0005");
        assertThat(first.header("cf-aig-spend-remaining"))
                .isEqualTo(SpendRule.usd(BUDGET - maxCost).toPlainString());

        Response refused = post("spend", a, body, true);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(refused.jsonPath().getBoolean("success")).isFalse();
        assertThat(refused.jsonPath().getInt("error[0].code")).isEqualTo(2041);
        assertThat(refused.jsonPath().getString("error[0].message"))
                .startsWith("Spend limit exceeded: rule 'per-user'")
                .contains("per 3600s, fixed")
                .contains("openai gpt-4o-mini");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(refused.header("cf-aig-spend-limit")).isEqualTo("0.0005");
        assertThat(refused.header("cf-aig-spend-remaining"))
                .isEqualTo(SpendRule.usd(BUDGET - maxCost).toPlainString());
        assertThat(Long.parseLong(refused.header("cf-aig-spend-reset"))).isBetween(1L, 3600L);
        assertThat(upstream.received())
                .as("the refused request never reached the provider")
                .hasSize(1);

        assertThat(post("spend", b, body(b, 700, false), true).statusCode())
                .as("user B has a budget of its own")
                .isEqualTo(200);
        assertThat(upstream.received()).hasSize(2);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics())
                .anyMatch(l -> l.startsWith("gateway_spend_rejections_total{")
                        && l.contains("gateway=\"spend\"")
                        && l.contains("reason=\"over_budget\""))
                .anyMatch(l -> l.startsWith("gateway_spend_usd_total{")
                        && l.contains("gateway=\"spend\"")
                        && l.contains("provider=\"openai\"")));
    }

    private List<String> metrics() {
        return given().baseUri(gateway.toString())
                .get("q/metrics")
                .asString()
                .lines()
                .toList();
    }

    @Test
    void theManagementApiShowsEachRulesCurrentSpend() {
        String user = "api-" + UUID.randomUUID();
        upstream.onJson(CHAT, 200, usage(100, 50));
        assertThat(post("spend", user, body(user, 100, false), true).statusCode())
                .isEqualTo(200);
        long real = 100 * INPUT + 50 * OUTPUT;
        awaitSpent(user, real);

        JsonPath one = spendApi("spend", user);
        assertThat(one.getString("result.spend_limits[0].id")).isEqualTo("per-user");
        assertThat(one.getDouble("result.spend_limits[0].budget")).isEqualTo(0.0005);
        assertThat(one.getLong("result.spend_limits[0].interval")).isEqualTo(3600);
        assertThat(one.getString("result.spend_limits[0].metadata.mode")).isEqualTo("split");
        assertThat(one.getString("result.spend_limits[0].metadata.key")).isEqualTo("user");
        assertThat(Math.round(one.getDouble("result.spend_limits[0].remaining") * 1e9))
                .isEqualTo(BUDGET - real);
        assertThat(one.getLong("result.spend_limits[0].reset_seconds")).isBetween(1L, 3600L);

        JsonPath all = spendApi("spend", null);
        assertThat(all.getList("result.spend_limits[0].split_by")).containsExactly("metadata");
        assertThat((Object) all.get("result.spend_limits[0].spent"))
                .as("a split rule needs the value to read")
                .isNull();
        assertThat(all.getString("result.spend_limits[0].unknown_price")).isEqualTo("allow");
    }
}
