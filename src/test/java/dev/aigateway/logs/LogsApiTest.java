package dev.aigateway.logs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cloudflare's Logs API over the rows the gateway wrote: list, filters and operators, get, bodies, PATCH, DELETE. */
@QuarkusTest
class LogsApiTest extends GatewayTest {

    private static final String LOGS = "/client/v4/accounts/acct/ai-gateway/gateways/logsapi/logs";
    private String openAiId;
    private String anthropicId;
    private String failedId;

    private static RequestSpecification admin() {
        return given().urlEncodingEnabled(false).header("authorization", "Bearer admin-secret");
    }

    /** Three rows, oldest first: an OpenAI success, an Anthropic success, an OpenAI 500. */
    @BeforeEach
    void seed() throws InterruptedException {
        TestDb.update("DELETE FROM request_logs WHERE gateway_id = 'logsapi'");
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        openAiId = postChat(
                        "logsapi",
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[]}",
                        Map.of("cf-aig-metadata", "{\"team\":\"search\"}"))
                .header("cf-aig-log-id");
        Thread.sleep(20);
        anthropicId = given().contentType("application/json")
                .header("x-api-key", "sk-ant-logs")
                .header("cf-aig-metadata", "{\"team\":\"ads\",\"user\":7}")
                .body("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10}")
                .post("/v1/acct/logsapi/anthropic/v1/messages")
                .header("cf-aig-log-id");
        Thread.sleep(20);
        upstream.onJson("/openai/v1/chat/completions", 500, "{\"error\":{\"message\":\"boom\"}}");
        failedId = postChat("logsapi", "{\"model\":\"gpt-4o-mini\"}", Map.of()).header("cf-aig-log-id");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestDb.query("SELECT 1 FROM request_logs WHERE gateway_id = 'logsapi'")
                                .size()
                        == 3);
    }

    private ValidatableResponse list(String query) {
        return admin().get(LOGS + (query.isEmpty() ? "" : "?" + query)).then();
    }

    private List<String> ids(String query) {
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> r =
                list(query).extract();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("result.id");
    }

    /** Ids listed for a query sent byte for byte as given; null when the answer is not 200. */
    private List<String> rawIds(String query) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        URI.create(gateway.toString().replaceAll("/$", "") + LOGS + "?" + query))
                                .header("authorization", "Bearer admin-secret")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200
                ? new JsonObject(r.body())
                        .getJsonArray("result").stream()
                                .map(o -> ((JsonObject) o).getString("id"))
                                .toList()
                : null;
    }

    @Test
    void listsNewestFirstInTheV4EnvelopeWithPages() {
        list("").statusCode(200)
                .body("success", equalTo(true))
                .body("errors", hasSize(0))
                .body("messages", hasSize(0))
                .body("result_info.page", equalTo(1))
                .body("result_info.per_page", equalTo(20))
                .body("result_info.count", equalTo(3))
                .body("result_info.total_count", equalTo(3))
                .body("result[1].provider", equalTo("anthropic"))
                .body("result[1].model", equalTo("claude-sonnet-4-5"))
                .body("result[1].tokens_in", equalTo(12))
                .body("result[1].tokens_out", equalTo(4))
                .body("result[1].success", equalTo(true))
                .body("result[1].cached", equalTo(false))
                .body("result[1].metadata", equalTo("{\"team\":\"ads\",\"user\":7}"))
                .body("result[1].attempt", equalTo(1))
                .body("result[1].error_class", equalTo(null))
                .body("result[0].status_code", equalTo(500))
                .body("result[0].error_class", org.hamcrest.Matchers.notNullValue());
        assertThat(ids("")).containsExactly(failedId, anthropicId, openAiId);
        assertThat(ids("order_by=created_at&order_by_direction=asc")).containsExactly(openAiId, anthropicId, failedId);
        assertThat(ids("per_page=2&page=2")).containsExactly(openAiId);
        list("per_page=2&page=2").body("result_info.total_count", equalTo(3)).body("result_info.count", equalTo(1));
        assertThat(ids("order_by=provider&order_by_direction=asc").get(0)).isEqualTo(anthropicId);
    }

    @Test
    void aMetadataEntryFilterMatchesNameAndValueTogether() {
        assertThat(ids("filters[0][key]=metadata.team&filters[0][operator]=eq&filters[0][value][0]=search"))
                .containsExactly(openAiId);
        // a number spelled as text matches the number
        assertThat(ids("filters[0][key]=metadata.user&filters[0][operator]=eq&filters[0][value][0]=7"))
                .containsExactly(anthropicId);
        // the value of another key does not count (metadata.key + metadata.value would match this row)
        assertThat(ids("filters[0][key]=metadata.user&filters[0][operator]=eq&filters[0][value][0]=ads"))
                .isEmpty();
        assertThat(ids("filters[0][key]=metadata.team&filters[0][operator]=neq&filters[0][value][0]=search"))
                .containsExactly(failedId, anthropicId);
        // with a model or provider, one lookup in the metadata index (V10): the same rows as the two tests apart
        String team = "filters[0][key]=metadata.team&filters[0][operator]=eq&filters[0][value][0]=";
        assertThat(ids(team + "search&filters[1][key]=model&filters[1][operator]=eq&filters[1][value][0]=gpt-4o-mini"))
                .containsExactly(openAiId);
        assertThat(ids(team + "ads&filters[1][key]=model&filters[1][operator]=eq&filters[1][value][0]=gpt-4o-mini"))
                .isEmpty();
        assertThat(ids("filters[0][key]=metadata.user&filters[0][operator]=eq&filters[0][value][0]=7"
                        + "&filters[1][key]=provider&filters[1][operator]=eq&filters[1][value][0]=anthropic"
                        + "&filters[2][key]=model&filters[2][operator]=eq&filters[2][value][0]=claude-sonnet-4-5"))
                .containsExactly(anthropicId);
        assertThat(ids(team + "ads&filters[1][key]=provider&filters[1][operator]=eq&filters[1][value][0]=openai"))
                .isEmpty();
        // a metadata entry named like an indexed facet is tested on the metadata alone, never on the row's model
        assertThat(ids("filters[0][key]=metadata.aigw:model&filters[0][operator]=eq&filters[0][value][0]=gpt-4o-mini"))
                .isEmpty();
        list("filters[0][key]=metadata.a%20b&filters[0][operator]=eq&filters[0][value][0]=x")
                .statusCode(400);
    }

    @Test
    void keysetPagesFollowOneAnotherWithoutCounting() {
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> first =
                list("cursor=&per_page=2").statusCode(200).extract();
        assertThat(first.jsonPath().getList("result.id")).containsExactly(failedId, anthropicId);
        assertThat(first.jsonPath().getString("result_info.total_count")).isNull();
        String next = first.jsonPath().getString("result_info.next_cursor");
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> second = list("cursor="
                        + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8) + "&per_page=2")
                .statusCode(200)
                .extract();
        assertThat(second.jsonPath().getList("result.id")).containsExactly(openAiId);
        assertThat(second.jsonPath().getString("result_info.next_cursor")).isNull();
        list("cursor=&order_by_direction=asc&per_page=1").body("result[0].id", equalTo(openAiId));
        list("cursor=garbage").statusCode(400);
        list("cursor=&order_by=model").statusCode(400);
    }

    @Test
    void everyOperatorWithBracketedFilters() throws Exception {
        assertThat(ids("filters[0][key]=provider&filters[0][operator]=eq&filters[0][value][0]=anthropic"))
                .containsExactly(anthropicId);
        assertThat(ids("filters[0][key]=provider&filters[0][operator]=neq&filters[0][value][0]=anthropic"))
                .containsExactly(failedId, openAiId);
        assertThat(ids("filters[0][key]=model&filters[0][operator]=contains&filters[0][value][0]=GPT"))
                .containsExactly(failedId, openAiId);
        assertThat(ids("filters[0][key]=tokens_in&filters[0][operator]=gt&filters[0][value][0]=10"))
                .containsExactly(anthropicId);
        assertThat(ids("filters[0][key]=tokens_in&filters[0][operator]=lt&filters[0][value][0]=10"))
                .containsExactly(openAiId);
        // two values: either; two filters: both
        assertThat(ids("filters[0][key]=status_code&filters[0][operator]=eq&filters[0][value][0]=500"
                        + "&filters[0][value][1]=200&filters[1][key]=provider&filters[1][operator]=eq"
                        + "&filters[1][value][0]=openai"))
                .containsExactly(failedId, openAiId);
        assertThat(ids("filters[0][key]=id&filters[0][operator]=eq&filters[0][value][]=" + openAiId))
                .containsExactly(openAiId);
        // Cloudflare keys for features this gateway lacks answer what is true here; nothing here had a gateway token
        assertThat(ids("filters[0][key]=authentication&filters[0][operator]=eq&filters[0][value][0]=false"))
                .hasSize(3);
        assertThat(ids("filters[0][key]=wholesale&filters[0][operator]=eq&filters[0][value][0]=false"))
                .hasSize(3);
        assertThat(ids("filters[0][key]=dlp_action&filters[0][operator]=eq&filters[0][value][0]=BLOCK"))
                .isEmpty();
        // the official Cloudflare SDKs' form: dotted, repeated, tied together by their order
        // (sent with java.net.http: REST Assured regroups repeated query parameters and so loses that order)
        assertThat(rawIds("filters.key=provider&filters.operator=eq&filters.value=openai&filters.value=anthropic"
                        + "&filters.key=status_code&filters.operator=neq&filters.value=500"))
                .containsExactly(anthropicId, openAiId);
        assertThat(rawIds("filters.operator=eq&filters.key=provider")).isNull();
    }

    @Test
    void jsonFiltersMetadataSearchAndLegacyParameters() {
        assertThat(ids("filters=" + enc("[{\"key\":\"success\",\"operator\":\"eq\",\"value\":[false]}]")))
                .containsExactly(failedId);
        assertThat(ids("filters=" + enc("[{\"key\":\"metadata.key\",\"operator\":\"eq\",\"value\":[\"team\"]}]")))
                .containsExactly(anthropicId, openAiId);
        assertThat(ids("filters=" + enc("[{\"key\":\"metadata.value\",\"operator\":\"eq\",\"value\":[\"ads\"]}]")))
                .containsExactly(anthropicId);
        assertThat(ids("filters=" + enc("[{\"key\":\"duration\",\"operator\":\"gt\",\"value\":[-1]}]")))
                .hasSize(3);
        assertThat(ids("filters="
                        + enc("[{\"key\":\"created_at\",\"operator\":\"gt\",\"value\":[\"2020-01-01T00:00:00Z\"]}]")))
                .hasSize(3);
        assertThat(ids("search=claude")).containsExactly(anthropicId);
        assertThat(ids("provider=openai")).containsExactly(failedId, openAiId);
        assertThat(ids("success=false")).containsExactly(failedId);
        assertThat(ids("min_tokens_in=10")).containsExactly(anthropicId);
        assertThat(ids("max_total_tokens=14")).containsExactly(openAiId);
        assertThat(ids("start_date=2020-01-01&direction=asc")).containsExactly(openAiId, anthropicId, failedId);
        list("meta_info=true")
                .body("result_info.min_tokens_in", equalTo(9))
                .body("result_info.max_tokens_in", equalTo(12))
                .body("result_info.max_total_tokens", equalTo(16));
    }

    @Test
    void badQueriesGetAClearEnvelope() {
        list("filters[0][key]=nope&filters[0][operator]=eq&filters[0][value][0]=1")
                .statusCode(400)
                .body("success", equalTo(false))
                .body("errors[0].message", containsString("Unsupported filter key: nope"));
        list("filters[0][key]=model&filters[0][operator]=like&filters[0][value][0]=1")
                .statusCode(400)
                .body("errors[0].message", containsString("operator"));
        list("filters[0][key]=tokens_in&filters[0][operator]=gt&filters[0][value][0]=many")
                .statusCode(400)
                .body("errors[0].message", containsString("Invalid value"));
        list("filters=" + enc("{not json")).statusCode(400);
        list("order_by=secret").statusCode(400);
        list("page=0").statusCode(400);
    }

    @Test
    void oneLogItsBodiesAndAnnotations() {
        admin().get(LOGS + "/" + anthropicId)
                .then()
                .statusCode(200)
                .body("result.id", equalTo(anthropicId))
                .body("result.request_head", containsString("claude-sonnet-4-5"))
                .body("result.request_head_complete", equalTo(true))
                .body("result.usage.input_tokens", equalTo(12))
                .body("result.user_agent", containsString("Apache-HttpClient"));
        String request = admin().get(LOGS + "/" + anthropicId + "/request")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .extract()
                .asString();
        assertThat(new JsonObject(request).getString("model")).isEqualTo("claude-sonnet-4-5");
        admin().get(LOGS + "/" + anthropicId + "/response")
                .then()
                .statusCode(200)
                .body("content[0].text", equalTo("Hello from Claude"));
        admin().contentType("application/json")
                .body("{\"feedback\":1,\"score\":100,\"metadata\":{\"reviewed\":true}}")
                .patch(LOGS + "/" + anthropicId)
                .then()
                .statusCode(200)
                .body("result.feedback", equalTo(1))
                .body("result.score", equalTo(100))
                .body("result.metadata", equalTo("{\"reviewed\":true}"));
        assertThat(ids("feedback=1")).containsExactly(anthropicId);
        admin().contentType("application/json")
                .body("{\"feedback\":5}")
                .patch(LOGS + "/" + anthropicId)
                .then()
                .statusCode(400);
        admin().get(LOGS + "/00000000-0000-7000-8000-000000000000").then().statusCode(404);
        admin().get(LOGS + "/not-an-id").then().statusCode(404);
    }

    @Test
    void deleteByFilter() {
        admin().delete(LOGS + "?filters[0][key]=provider&filters[0][operator]=eq&filters[0][value][0]=openai&limit=1"
                        + "&order_by=created_at&order_by_direction=asc")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("result.deleted", equalTo(1));
        assertThat(ids("")).containsExactly(failedId, anthropicId);
        admin().delete(LOGS + "?success=false").then().statusCode(200).body("result.deleted", equalTo(1));
        assertThat(ids("")).containsExactly(anthropicId);
        // the bodies go with their rows (no foreign key: a trigger per DELETE statement, V11)
        assertThat(TestDb.query(
                        "SELECT log_id::text AS id FROM request_log_payloads WHERE log_id = ANY(?::uuid[])",
                        (Object) new String[] {openAiId, anthropicId, failedId}))
                .extracting(r -> r.get("id"))
                .containsExactly(anthropicId);
    }

    @Test
    void adminTokenIsRequired() {
        given().get(LOGS).then().statusCode(401).body("success", equalTo(false));
        given().header("authorization", "Bearer wrong").get(LOGS).then().statusCode(401);
        // a gateway token is not an admin token
        given().header("authorization", "Bearer gw-token-one").get(LOGS).then().statusCode(401);
        admin().get("/client/v4/accounts/acct/ai-gateway/gateways/nope/logs")
                .then()
                .statusCode(404);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
