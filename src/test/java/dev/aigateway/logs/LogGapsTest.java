package dev.aigateway.logs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rows name what they are about (the model of cache hits, of Gemini errors and Bedrock invocations, the provider and
 * path of a refused request); the Logs API serves bodies so a browser never renders them and tells a log stored
 * without bodies from a missing log; gateway tokens are never stored, wherever the client sent them.
 */
@QuarkusTest
class LogGapsTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String LOGS = "/client/v4/accounts/acct/ai-gateway/gateways/default/logs/";

    private static Map<String, Object> rowOf(Response response) {
        String id = response.header("cf-aig-log-id");
        assertThat(id).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
        return TestDb.logRow(id);
    }

    @Test
    void cacheHitRowNamesTheModel() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID()
                + "\"}]}";
        postChat("cached", body, Map.of()).then().statusCode(200);
        Response hit = postChat("cached", body, Map.of());
        hit.then().statusCode(200).header("cf-aig-cache-status", "HIT");
        Map<String, Object> row = rowOf(hit);
        assertThat(row.get("cached")).isEqualTo(true);
        assertThat(row.get("model")).isEqualTo("gpt-4o-mini");
    }

    @Test
    void geminiErrorRowNamesTheModelFromThePath() {
        upstream.onJson(
                "/google", 400, "{\"error\":{\"code\":400,\"message\":\"bad\",\"status\":\"INVALID_ARGUMENT\"}}");
        Response r = given().header("x-goog-api-key", "g-client-key")
                .contentType("application/json")
                .body("{\"contents\":[]}")
                .post("/v1/acct/default/google-ai-studio/v1beta/models/gemini-2.0-flash:generateContent");
        r.then().statusCode(400);
        assertThat(rowOf(r).get("model")).isEqualTo("gemini-2.0-flash");
    }

    @Test
    void bedrockInvokeRowNamesTheModelFromThePath() {
        upstream.onJson(
                "/bedrock",
                200,
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}");
        Response r = given().header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/x")
                .contentType("application/json")
                .body("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"messages\":[]}")
                .urlEncodingEnabled(false)
                .post("/v1/acct/default/aws-bedrock/bedrock-runtime/us-east-1/model/"
                        + "anthropic.claude-3-haiku-20240307-v1%3A0/invoke");
        r.then().statusCode(200);
        assertThat(rowOf(r).get("model")).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void refusedTooLargeRowNamesProviderAndPath() {
        Response tooLarge = given().body(new byte[1024 * 1024 + 1]).post("/v1/acct/default/openai/files");
        tooLarge.then().statusCode(413);
        Map<String, Object> row = rowOf(tooLarge);
        assertThat(row.get("provider")).isEqualTo("openai");
        assertThat(row.get("path")).isEqualTo("/files");
    }

    @Test
    void gatewayTokenInTheProviderSlotIsNeverStored() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response r = given().header("authorization", "Bearer gw-token-one")
                .contentType("application/json")
                .body("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"gw-token-one\"}]}")
                .post("/v1/acct/secured/openai/v1/chat/completions");
        r.then().statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-openai-stored");
        Object id = rowOf(r).get("id");
        List<Map<String, Object>> payload =
                TestDb.query("SELECT request_body FROM request_log_payloads WHERE log_id = ?", id);
        String stored = new String((byte[]) payload.get(0).get("request_body"), StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain("gw-token-one").contains("[REDACTED]");
    }

    @Test
    void storedBodiesAreServedSoABrowserNeverRendersThem() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response r = given().header("authorization", "Bearer sk-client")
                .contentType("text/html")
                .body("<script>alert(document.cookie)</script>")
                .post("/v1/acct/default/openai/v1/chat/completions");
        rowOf(r);
        Response body = given().header("authorization", "Bearer admin-secret")
                .get(LOGS + r.header("cf-aig-log-id") + "/request");
        body.then().statusCode(200);
        assertThat(body.contentType()).isEqualTo("application/octet-stream");
        assertThat(body.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(body.header("content-security-policy")).contains("sandbox");
        assertThat(body.header("content-disposition")).startsWith("attachment");
        Response json = given().header("authorization", "Bearer admin-secret")
                .get(LOGS + r.header("cf-aig-log-id") + "/response");
        json.then().statusCode(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(json.header("x-content-type-options")).isEqualTo("nosniff");
    }

    @Test
    void aLogStoredWithoutBodiesIsNotAMissingLog() {
        upstream.onJson(CHAT, 200, Fixtures.read("openai/chat-completion.json"));
        Response r = postChat("default", "{\"model\":\"gpt-4o-mini\"}", Map.of("cf-aig-collect-log-payload", "false"));
        rowOf(r);
        Response body = given().header("authorization", "Bearer admin-secret")
                .get(LOGS + r.header("cf-aig-log-id") + "/request");
        body.then().statusCode(404);
        assertThat(body.jsonPath().getInt("errors[0].code")).isEqualTo(7008);
        assertThat(body.jsonPath().getString("errors[0].message")).contains("payload collection was off");
        given().header("authorization", "Bearer admin-secret")
                .get(LOGS + UUID.randomUUID() + "/request")
                .then()
                .statusCode(404);
    }
}
