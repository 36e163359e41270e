package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.stream.ByteBudget;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Inputs PostgreSQL would refuse for their data (NUL characters, over-long text, costs beyond the column) never stop
 * request logging: the edge refuses what it must (400), the writer stores the rest sanitized, and a batch PostgreSQL
 * refuses anyway is written row by row, dropping only the rows at fault.
 */
@QuarkusTest
class PoisonRowTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String OK_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";

    @Inject
    LogWriter writer;

    private static Map<String, Object> rowOf(Response response) {
        String id = response.header("cf-aig-log-id");
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
        return TestDb.logRow(id);
    }

    /** After each trigger, an ordinary request still gets its row. */
    private void ordinaryRequestIsLogged() {
        Response ok = postChat("default", OK_BODY, Map.of());
        ok.then().statusCode(200);
        assertThat(rowOf(ok).get("model")).isEqualTo("gpt-4o-mini");
    }

    @Test
    void nulInTheBodysModelIsStoredWithoutIt() {
        upstream.onJson(CHAT, 400, "{\"error\":{\"message\":\"bad model\"}}");
        Response r = postChat("default", "{\"model\":\"gpt\\u0000-4o\",\"messages\":[]}", Map.of());
        r.then().statusCode(400);
        assertThat(rowOf(r).get("model")).isEqualTo("gpt-4o");
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        ordinaryRequestIsLogged();
    }

    @Test
    void overLongContentTypeIsCutForTheLog() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        String type = "application/json; x=" + "a".repeat(400);
        Response r = RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType(type)
                .body(OK_BODY.getBytes())
                .post("v1/acct/default/openai/v1/chat/completions");
        r.then().statusCode(200);
        assertThat(upstream.single().header("content-type")).startsWith(type); // forwarded as sent
        assertThat((String) rowOf(r).get("request_content_type")).hasSize(256).startsWith("application/json; x=");
        ordinaryRequestIsLogged();
    }

    @Test
    void nulInMetadataIsRefused() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        for (String metadata : new String[] {"{\"team\\u0000\":\"a\"}", "{\"team\":\"a\\u0000b\"}"}) {
            Response r = postChat("default", OK_BODY, Map.of("cf-aig-metadata", metadata));
            r.then().statusCode(400);
            assertThat(r.jsonPath().getInt("error[0].code")).isEqualTo(2103);
            assertThat(r.jsonPath().getString("error[0].message"))
                    .contains("cf-aig-metadata")
                    .contains("NUL");
        }
        Response long_ =
                postChat("default", OK_BODY, Map.of("cf-aig-metadata", "{\"k\":\"" + "v".repeat(5000) + "\"}"));
        long_.then().statusCode(400);
        assertThat(upstream.received()).isEmpty();
        ordinaryRequestIsLogged();
    }

    @Test
    void overLongOrUnprintableEventIdIsRefused() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response r = postChat("default", OK_BODY, Map.of("cf-aig-event-id", "e".repeat(257)));
        r.then().statusCode(400);
        assertThat(r.jsonPath().getString("error[0].message")).contains("cf-aig-event-id");
        Response fits = postChat("default", OK_BODY, Map.of("cf-aig-event-id", "e".repeat(256)));
        fits.then().statusCode(200);
        assertThat(rowOf(fits).get("event_id")).isEqualTo("e".repeat(256));
        ordinaryRequestIsLogged();
    }

    @Test
    void negativeOrHugeCustomCostIsRefused() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        for (String cost : new String[] {
            "{\"per_token_in\":1e11,\"per_token_out\":1e11}",
            "{\"per_token_in\":-0.001,\"per_token_out\":0.001}",
            "{\"per_token_in\":0.001,\"per_token_out\":0.001,\"per_cache_read_token\":-1}"
        }) {
            Response r = postChat("default", OK_BODY, Map.of("cf-aig-custom-cost", cost));
            r.then().statusCode(400);
            assertThat(r.jsonPath().getString("error[0].message")).contains("cf-aig-custom-cost");
        }
        assertThat(upstream.received()).isEmpty();
        Response fine = postChat(
                "default", OK_BODY, Map.of("cf-aig-custom-cost", "{\"per_token_in\":1000,\"per_token_out\":0}"));
        fine.then().statusCode(200);
        assertThat(rowOf(fine).get("custom_cost")).isEqualTo(true);
        ordinaryRequestIsLogged();
    }

    /** A row the database refuses anyway (here: metadata that is not JSON) is dropped alone; its batch is written. */
    @Test
    void aBatchWithARefusedRowIsWrittenRowByRow() {
        String gw = "default";
        UUID good1 = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        UUID good2 = UUID.randomUUID();
        writer.offer(event(good1, gw, null));
        writer.offer(event(bad, gw, "{not json"));
        writer.offer(event(good2, gw, "{\"a\":1}"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestDb.logRow(good1.toString()) != null && TestDb.logRow(good2.toString()) != null);
        assertThat(TestDb.logRow(bad.toString())).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0);
        String metrics =
                RestAssured.given().baseUri(gateway.toString()).get("q/metrics").asString();
        assertThat(metrics).contains("gateway_log_rows_dropped_total{reason=\"rejected\"}");
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        ordinaryRequestIsLogged();
    }

    private static LogEvent event(UUID id, String gateway, String metadata) {
        LogDraft draft = new LogDraft(
                id,
                Instant.now(),
                System.nanoTime(),
                id.toString(),
                gateway,
                false,
                1024,
                ByteBudget.unlimited(),
                "poison-test",
                metadata,
                null);
        draft.target("openai", "/v1/chat/completions", "application/json", "gpt-4o-mini");
        return draft.finish(200, false, false, null, null);
    }
}
