package dev.aigateway.logs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A row for every proxied request, linked by {@code cf-aig-log-id}, with usage, cost, metadata and payloads. */
@QuarkusTest
class RequestLogTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";

    private static Map<String, Object> rowOf(Response response) {
        String id = response.header("cf-aig-log-id");
        assertThat(id).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
        return TestDb.logRow(id);
    }

    private static Map<String, Object> payloadOf(Object id) {
        List<Map<String, Object>> rows = TestDb.query("SELECT * FROM request_log_payloads WHERE log_id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static String text(Object bytes) {
        return bytes == null ? null : new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    @Test
    void chatCompletionRowHasUsageCostMetadataAndPayloads() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        String id = UUID.randomUUID().toString();
        String body =
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is sk-client\"}]}";
        Response response = postChat(
                "default",
                body,
                Map.of(
                        "cf-aig-metadata", "{\"team\":\"search\",\"user\":42,\"beta\":true,\"cf.internal\":\"x\"}",
                        "cf-aig-event-id", "evt-logs-" + id,
                        "user-agent", "logs-test/1.0"));
        response.then().statusCode(200);
        Map<String, Object> row = rowOf(response);
        assertThat(row.get("gateway_id")).isEqualTo("default");
        assertThat(row.get("provider")).isEqualTo("openai");
        assertThat(row.get("model")).isEqualTo("gpt-4o-mini");
        assertThat(row.get("path")).isEqualTo("/v1/chat/completions");
        assertThat(row.get("request_type")).isEqualTo("chat.completions");
        assertThat(row.get("status_code")).isEqualTo(200);
        assertThat(row.get("success")).isEqualTo(true);
        assertThat(row.get("cached")).isEqualTo(false);
        assertThat(row.get("tokens_in")).isEqualTo(9L);
        assertThat(row.get("tokens_out")).isEqualTo(5L);
        // gpt-4o-mini: 9 × 0.15 + 5 × 0.60 = 4.35 per 1M → 0.00000435
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.00000435");
        assertThat(row.get("custom_cost")).isEqualTo(false);
        assertThat(new JsonObject(row.get("metadata").toString()))
                .isEqualTo(
                        new JsonObject().put("team", "search").put("user", 42).put("beta", true));
        assertThat(row.get("event_id")).isEqualTo("evt-logs-" + id);
        assertThat(row.get("user_agent")).isEqualTo("logs-test/1.0");
        assertThat(row.get("attempt")).isEqualTo(1);
        assertThat((Integer) row.get("duration_ms")).isGreaterThanOrEqualTo(0);
        assertThat(row.get("ttfb_ms")).isNotNull();
        assertThat(new JsonObject(row.get("usage_raw").toString()).getInteger("total_tokens"))
                .isEqualTo(14);
        Map<String, Object> payload = payloadOf(row.get("id"));
        assertThat(text(payload.get("request_body")))
                .contains("gpt-4o-mini")
                .contains("[REDACTED]")
                .doesNotContain("sk-client");
        assertThat(text(payload.get("response_body"))).isEqualTo(Fixtures.read("openai/chat-completion.json"));
    }

    @Test
    void streamsAreLoggedWithTheirUsage() {
        upstream.on("/anthropic/v1/messages", (req, b) -> req.response()
                .putHeader("content-type", "text/event-stream")
                .end(Fixtures.read("usage/anthropic-cumulative.sse")));
        Response response = given().contentType("application/json")
                .header("x-api-key", "sk-ant-client-key")
                .body("{\"model\":\"claude-haiku-4-5\",\"stream\":true}")
                .post("/v1/acct/default/anthropic/v1/messages");
        response.then().statusCode(200);
        Map<String, Object> row = rowOf(response);
        assertThat(row.get("model")).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(row.get("tokens_in")).isEqualTo(1050L);
        assertThat(row.get("cached_tokens")).isEqualTo(1000L);
        assertThat(row.get("tokens_out")).isEqualTo(42L);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.00036");
        assertThat(row.get("response_content_type").toString()).startsWith("text/event-stream");
        assertThat(row.get("truncated")).isEqualTo(false);
    }

    @Test
    void collectLogHeaderAndGatewaySettingDecideWhetherARowIsWritten() throws Exception {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        String off =
                postChat("default", "{}", Map.of("cf-aig-collect-log", "false")).header("cf-aig-log-id");
        String gatewayOff = postChat("open", "{}", Map.of()).header("cf-aig-log-id");
        Response forced = postChat("open", "{}", Map.of("cf-aig-collect-log", "true"));
        Map<String, Object> forcedRow = rowOf(forced); // written: the header wins over the gateway
        assertThat(forcedRow.get("gateway_id")).isEqualTo("open");
        Thread.sleep(500); // the writer flushes every 50 ms in tests
        assertThat(TestDb.logRow(off)).isNull();
        assertThat(TestDb.logRow(gatewayOff)).isNull();
    }

    @Test
    void payloadFlagKeepsBodiesOut() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response response =
                postChat("default", "{\"model\":\"gpt-4o-mini\"}", Map.of("cf-aig-collect-log-payload", "false"));
        Map<String, Object> row = rowOf(response);
        assertThat(row.get("payload_stored")).isEqualTo(false);
        assertThat(row.get("tokens_in")).isEqualTo(9L); // usage is still read
        assertThat(row.get("model")).isEqualTo("gpt-4o-mini");
        assertThat(payloadOf(row.get("id"))).isNull();
    }

    @Test
    void metadataRulesKeepFiveFlatEntriesAndIgnoreInvalidHeaders() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response six = postChat(
                "default", "{}", Map.of("cf-aig-metadata", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}"));
        assertThat(new JsonObject(rowOf(six).get("metadata").toString()).fieldNames())
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        Response nested = postChat("default", "{}", Map.of("cf-aig-metadata", "{\"a\":{\"b\":1}}"));
        assertThat(rowOf(nested).get("metadata")).isNull();
        Response broken = postChat("default", "{}", Map.of("cf-aig-metadata", "not json"));
        assertThat(rowOf(broken).get("metadata")).isNull();
    }

    @Test
    void customCostHeaderIsUsedAndMarked() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response response = postChat(
                "default", "{}", Map.of("cf-aig-custom-cost", "{\"per_token_in\":0.001,\"per_token_out\":0.002}"));
        Map<String, Object> row = rowOf(response);
        // 9 × 0.001 + 5 × 0.002 = 0.019
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0.019");
        assertThat(row.get("custom_cost")).isEqualTo(true);
    }

    @Test
    void cacheHitsAreLoggedAsCachedWithoutTokensOrCost() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        String body = "{\"model\":\"gpt-4o-mini\",\"nonce\":\"" + UUID.randomUUID() + "\"}";
        rowOf(postChat("cached", body, Map.of()));
        Response hit = postChat("cached", body, Map.of());
        hit.then().header("cf-aig-cache-status", "HIT");
        Map<String, Object> row = rowOf(hit);
        assertThat(row.get("cached")).isEqualTo(true);
        assertThat(row.get("tokens_in")).isEqualTo(0L);
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("0");
    }

    @Test
    void gatewayErrorsAndProviderErrorsAreLogged() {
        upstream.onJson(CHAT, 503, "{\"error\":{\"message\":\"overloaded\"}}");
        Map<String, Object> upstreamError = rowOf(postChat("default", "{}", Map.of()));
        assertThat(upstreamError.get("status_code")).isEqualTo(503);
        assertThat(upstreamError.get("success")).isEqualTo(false);
        assertThat(upstreamError.get("error_class")).isEqualTo("upstream_5xx");
        Response tooLarge = given().body(new byte[1024 * 1024 + 1]).post("/v1/acct/default/openai/files");
        Map<String, Object> refused = rowOf(tooLarge);
        assertThat(refused.get("status_code")).isEqualTo(413);
        assertThat(refused.get("error_class")).isEqualTo("request_too_large");
    }

    @Test
    void universalFallbackWritesARowPerStepLinkedByEventId() {
        upstream.onJson(CHAT, 500, "{\"error\":{\"message\":\"boom\"}}");
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        JsonArray steps = new JsonArray()
                .add(new JsonObject()
                        .put("provider", "openai")
                        .put("endpoint", "chat/completions")
                        .put("query", new JsonObject().put("model", "gpt-4o-mini")))
                .add(new JsonObject()
                        .put("provider", "anthropic")
                        .put("endpoint", "v1/messages")
                        .put("headers", new JsonObject().put("x-api-key", "sk-ant-step-key"))
                        .put("query", new JsonObject().put("model", "claude-sonnet-4-5")));
        String eventId = "evt-universal-" + UUID.randomUUID();
        Response response = given().contentType("application/json")
                .header("cf-aig-event-id", eventId)
                .body(steps.encode())
                .post("/v1/acct/default");
        response.then().statusCode(200).header("cf-aig-step", "1");
        Map<String, Object> served = rowOf(response);
        assertThat(served.get("provider")).isEqualTo("anthropic");
        assertThat(served.get("step")).isEqualTo(1);
        assertThat(served.get("tokens_in")).isEqualTo(12L);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestDb.query("SELECT * FROM request_logs WHERE event_id = ?", eventId)
                                .size()
                        == 2);
        Map<String, Object> failed = TestDb.query("SELECT * FROM request_logs WHERE event_id = ? AND step = 0", eventId)
                .get(0);
        assertThat(failed.get("provider")).isEqualTo("openai");
        assertThat(failed.get("status_code")).isEqualTo(500);
        assertThat(failed.get("id")).isNotEqualTo(served.get("id"));
        // the stored request body of the served step is its own query, not the outer body with its keys
        assertThat(text(payloadOf(served.get("id")).get("request_body")))
                .contains("claude-sonnet-4-5")
                .doesNotContain("sk-ant-step-key");
    }
}
