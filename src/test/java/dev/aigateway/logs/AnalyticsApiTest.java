package dev.aigateway.logs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics API against the rows the gateway wrote: for every grouping and bucket, each point's figures equal a
 * direct SQL aggregate over {@code request_logs} (percentiles: the histogram bucket of SQL's nearest-rank percentile).
 */
@QuarkusTest
class AnalyticsApiTest extends GatewayTest {

    private static final String GATEWAY = "analytics";
    private static final String API = "/client/v4/accounts/acct/ai-gateway/gateways/" + GATEWAY + "/analytics";
    private static final String ORIGIN = "TIMESTAMPTZ '2000-01-03 00:00:00+00'";

    @BeforeEach
    void seed() {
        // the gateway migrates at start-up without blocking it: a first test may come before V5 is in
        await().atMost(Duration.ofSeconds(60))
                .until(() -> TestDb.query("SELECT to_regclass('public.request_log_rollups_daily') IS NOT NULL AS ok")
                        .get(0)
                        .get("ok")
                        .equals(Boolean.TRUE));
        TestDb.update("DELETE FROM request_logs WHERE gateway_id = ?", GATEWAY);
        TestDb.update("DELETE FROM request_log_rollups WHERE gateway_id = ?", GATEWAY);
        TestDb.update("DELETE FROM request_log_rollups_hourly WHERE gateway_id = ?", GATEWAY);
        TestDb.update("DELETE FROM request_log_rollups_daily WHERE gateway_id = ?", GATEWAY);
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        String cacheBuster = Long.toString(System.nanoTime());
        for (int i = 0; i < 4; i++) {
            postChat(
                            GATEWAY,
                            "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"n\":" + i + ",\"user\":\"" + cacheBuster
                                    + "\"}",
                            Map.of("cf-aig-metadata", "{\"user\":\"" + (i % 2 == 0 ? "ann" : "bob") + "\"}"))
                    .then()
                    .statusCode(200);
        }
        for (int i = 0; i < 2; i++) {
            given().baseUri(gateway.toString())
                    .contentType("application/json")
                    .header("x-api-key", "sk-ant")
                    .header("cf-aig-metadata", "{\"user\":\"ann\"}")
                    .body("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"x\":\"" + cacheBuster + i + "\"}")
                    .post("v1/acct/" + GATEWAY + "/anthropic/v1/messages")
                    .then()
                    .statusCode(200);
        }
        upstream.onJson("/openai/v1/chat/completions", 500, "{\"error\":{\"message\":\"boom\"}}");
        postChat(GATEWAY, "{\"model\":\"gpt-4o\",\"u\":\"" + cacheBuster + "\"}", Map.of());
        upstream.onJson("/openai/v1/chat/completions", 429, "{\"error\":{\"message\":\"slow down\"}}");
        postChat(GATEWAY, "{\"model\":\"gpt-4o\",\"v\":\"" + cacheBuster + "\"}", Map.of());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) AS n FROM request_logs WHERE gateway_id = ?") == 8
                        && count("SELECT coalesce(sum(requests), 0) AS n FROM request_log_rollups WHERE gateway_id = ?")
                                == 8);
    }

    private static long count(String sql) {
        return ((Number) TestDb.query(sql, GATEWAY).get(0).get("n")).longValue();
    }

    private static JsonPath analytics(String query) {
        return given().header("authorization", "Bearer admin-secret")
                .get(query.isEmpty() ? API : API + "?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void everyPointEqualsTheSqlAggregateOfItsRows() {
        // whole days (day buckets) come from the daily rollups, whole hours from the hourly ones, the edges from the
        // minute ones: the rows are inside those parts
        Instant now = Instant.now();
        String hours = "from=" + now.minus(Duration.ofHours(3)).getEpochSecond() + "&to="
                + now.plus(Duration.ofHours(2)).getEpochSecond();
        String days = "from=" + now.minus(Duration.ofDays(3)).getEpochSecond() + "&to="
                + now.plus(Duration.ofDays(2)).getEpochSecond();
        for (String table : List.of("request_log_rollups", "request_log_rollups_hourly", "request_log_rollups_daily")) {
            assertThat(count("SELECT sum(requests) AS n FROM " + table + " WHERE gateway_id = ?"))
                    .as(table)
                    .isEqualTo(8);
        }
        for (String bucket : List.of("minute", "hour", "day")) {
            String range = bucket.equals("day") ? days : hours;
            compare(analytics(range + "&bucket=" + bucket), bucket, "''", "");
            compare(analytics(range + "&bucket=" + bucket + "&group_by=provider"), bucket, "provider", "provider");
            compare(analytics(range + "&bucket=" + bucket + "&group_by=model"), bucket, "model", "model");
            compare(
                    analytics(range + "&bucket=" + bucket + "&group_by=status"),
                    bucket,
                    "CASE WHEN status_code / 100 BETWEEN 2 AND 5 THEN (status_code / 100) || 'xx' ELSE 'other' END",
                    "status");
            compare(
                    analytics(range + "&bucket=" + bucket + "&group_by=metadata.user"),
                    bucket,
                    "metadata ->> 'user'",
                    "metadata.user");
        }
    }

    @Test
    void totalsCountEveryRequestAndCacheHits() {
        // a repeat of the first request is served from the cache
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"repeat\":\"" + System.nanoTime() + "\"}";
        postChat(GATEWAY, body, Map.of()).then().statusCode(200);
        postChat(GATEWAY, body, Map.of()).then().statusCode(200).header("cf-aig-cache-status", "HIT");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        count("SELECT coalesce(sum(requests), 0) AS n FROM request_log_rollups WHERE gateway_id = ?")
                                == 10);
        JsonPath a = analytics("");
        assertThat(a.getInt("result.totals.requests")).isEqualTo(10);
        assertThat(a.getInt("result.totals.errors")).isEqualTo(2);
        assertThat(a.getInt("result.totals.cached")).isEqualTo(1);
        assertThat(a.getDouble("result.totals.cache_hit_ratio")).isEqualTo(0.1);
        assertThat(a.getInt("result.totals.status.4xx")).isEqualTo(1);
        assertThat(a.getInt("result.totals.status.5xx")).isEqualTo(1);
        assertThat(a.getString("result.bucket")).isEqualTo("hour"); // 24 hours by default
        // the all-gateways form counts them too
        JsonPath all = given().header("authorization", "Bearer admin-secret")
                .get("/client/v4/accounts/acct/ai-gateway/analytics?group_by=model")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(all.getInt("result.totals.requests")).isGreaterThanOrEqualTo(10);
        assertThat(all.getList("result.groups.group")).contains("gpt-4o-mini", "claude-sonnet-4-5");
    }

    @Test
    void badParametersAre400InTheEnvelope() {
        for (String q : List.of(
                "bucket=week",
                "group_by=user",
                "group_by=metadata.a%20b",
                "from=yesterday",
                "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "bucket=minute&from=2025-01-01T00:00:00Z&to=2025-12-01T00:00:00Z",
                "group_by=metadata.user&from=2025-01-01T00:00:00Z&to=2025-12-01T00:00:00Z")) {
            given().header("authorization", "Bearer admin-secret")
                    .urlEncodingEnabled(false)
                    .get(API + "?" + q)
                    .then()
                    .statusCode(400)
                    .body("success", org.hamcrest.Matchers.equalTo(false))
                    .body("errors[0].code", org.hamcrest.Matchers.equalTo(7001));
        }
        given().header("authorization", "Bearer admin-secret")
                .get("/client/v4/accounts/acct/ai-gateway/gateways/no-such-gateway/analytics")
                .then()
                .statusCode(404);
        given().get(API).then().statusCode(401);
    }

    /** Each API point against SQL over the rows, keyed by (bucket start, group). */
    private static void compare(JsonPath api, String bucket, String groupSql, String groupBy) {
        String interval = "1 " + bucket;
        List<Map<String, Object>> rows = TestDb.query(
                "SELECT date_bin('" + interval + "', created_at, " + ORIGIN
                        + ") AS t, " + groupSql
                        + " AS g, count(*) AS requests, count(*) FILTER (WHERE NOT success) AS errors,"
                        + " coalesce(sum(tokens_in), 0) AS tokens_in, coalesce(sum(tokens_out), 0) AS tokens_out,"
                        + " coalesce(sum(cost), 0) AS cost, count(*) FILTER (WHERE cached) AS cached,"
                        + " count(*) FILTER (WHERE status_code / 100 = 5) AS s5,"
                        + " percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,"
                        + " percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,"
                        + " percentile_disc(0.5) WITHIN GROUP (ORDER BY ttfb_ms) AS t50"
                        + " FROM request_logs WHERE gateway_id = ? GROUP BY 1, 2",
                GATEWAY);
        List<Map<String, Object>> points = api.getList("result.series");
        assertThat(points).as(groupBy + " by " + bucket).hasSameSizeAs(rows);
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        for (Map<String, Object> p : points) {
            byKey.put(Instant.parse((String) p.get("time")) + "|" + (groupBy.isEmpty() ? "" : p.get("group")), p);
        }
        for (Map<String, Object> r : rows) {
            Instant t = ((java.sql.Timestamp) r.get("t")).toInstant();
            String key = t + "|" + (groupBy.isEmpty() ? "" : r.get("g"));
            Map<String, Object> p = byKey.get(key);
            String what = groupBy + " by " + bucket + " at " + key;
            assertThat(p).as(what + " in " + points).isNotNull();
            assertThat(num(p.get("requests"))).as(what).isEqualTo(num(r.get("requests")));
            assertThat(num(p.get("errors"))).as(what).isEqualTo(num(r.get("errors")));
            assertThat(num(p.get("tokens_in"))).as(what).isEqualTo(num(r.get("tokens_in")));
            assertThat(num(p.get("tokens_out"))).as(what).isEqualTo(num(r.get("tokens_out")));
            assertThat(num(p.get("cached"))).as(what).isEqualTo(num(r.get("cached")));
            assertThat(num(((Map<?, ?>) p.get("status")).get("5xx"))).as(what).isEqualTo(num(r.get("s5")));
            assertThat(((Number) p.get("cost")).doubleValue())
                    .as(what)
                    .isCloseTo(((BigDecimal) r.get("cost")).doubleValue(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(num(p.get("latency_p50_ms"))).as(what).isEqualTo(reported(r.get("p50")));
            assertThat(num(p.get("latency_p95_ms"))).as(what).isEqualTo(reported(r.get("p95")));
            assertThat(p.get("ttft_p50_ms") == null ? null : num(p.get("ttft_p50_ms")))
                    .as(what)
                    .isEqualTo(r.get("t50") == null ? null : reported(r.get("t50")));
        }
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    private static long reported(Object ms) {
        return LatencyHistogram.reported(LatencyHistogram.bucketOf(((Number) ms).longValue()));
    }
}
