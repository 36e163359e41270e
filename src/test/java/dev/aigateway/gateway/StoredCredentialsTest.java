package dev.aigateway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.provider.bedrock.SigV4;
import dev.aigateway.testing.FakeTokenEndpoint;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.FakeUpstreamResource;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.ServiceAccounts;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Stored keys the gateway turns into credentials itself, over HTTP: a Vertex AI service-account key (its JSON; the
 * base64 form is parsed in {@code ServiceAccountTokensTest}) becomes an access token from a fake Google token
 * endpoint that verifies the JWT with the account's public key — reused, refreshed near expiry — sent upstream as the
 * bearer, on native calls, on {@code /compat} and in a dynamic route (which falls back when the endpoint refuses); a
 * Bedrock access key signs the request with SigV4, which a fake Bedrock recomputes from what it received; a client's
 * own SigV4 request passes untouched; no secret reaches the client or the log.
 */
@QuarkusTest
@TestProfile(StoredCredentialsTest.Keys.class)
class StoredCredentialsTest extends GatewayTest {

    static final String TOKEN_PATH = "/google-oauth/token";
    /** Where the fake serves it: under the OpenAI base path the stored keys name. */
    static final String TOKEN_SERVED = "/openai/v1" + TOKEN_PATH;

    static final String AKID = "AKIDGATEWAYTEST1";
    static final String SECRET = "bedrock-secret-key/never+shown";
    static final String SESSION = "session-token-of-temporary-credentials";
    static final String VERTEX_NATIVE = "/v1/projects/test-project/locations/us-east5/publishers/google/models/"
            + "gemini-2.5-flash:generateContent";
    static final String VERTEX_UPSTREAM = "/vertex/us-east5-aiplatform" + VERTEX_NATIVE;
    static final String BEDROCK_MODEL = "/model/anthropic.claude-3-haiku-20240307-v1:0/invoke";
    static final String BEDROCK_UPSTREAM = "/bedrock/bedrock-runtime.us-west-2.amazonaws.com" + BEDROCK_MODEL;

    /**
     * The gateway's stored keys. The profile runs apart from the test's fake upstream (another class loader), so the
     * token endpoint's URL is a config expression over the fake's URL ({@link FakeUpstreamResource} sets it).
     */
    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String tokens = "${gateway.providers.openai.base-url}" + TOKEN_PATH;
            String gw = "gateway.gateways.creds.";
            Map<String, String> config = new HashMap<>();
            config.put(gw + "tokens", "creds-token");
            config.put(gw + "provider-keys.\"google-vertex-ai\"", ServiceAccounts.json(tokens));
            config.put(gw + "provider-keys.\"google-vertex-ai\".fresh", ServiceAccounts.json(tokens + "/fresh"));
            config.put(gw + "provider-keys.\"google-vertex-ai\".short", ServiceAccounts.json(tokens + "/short"));
            config.put(gw + "provider-keys.\"google-vertex-ai\".refused", ServiceAccounts.json(tokens + "/refused"));
            config.put(
                    gw + "provider-keys.\"aws-bedrock\"",
                    "{\"accessKeyId\":\"" + AKID + "\",\"secretAccessKey\":\"" + SECRET
                            + "\",\"region\":\"us-east-1\"}");
            config.put(
                    gw + "provider-keys.\"aws-bedrock\".temporary",
                    "{\"accessKeyId\":\"" + AKID + "\",\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":\""
                            + SESSION + "\"}");
            config.put(gw + "provider-keys.anthropic", "sk-ant-creds");
            // a gateway whose service account the token endpoint refuses: its route falls back to Anthropic
            config.put("gateway.gateways.creds-refused.tokens", "creds-token");
            config.put(
                    "gateway.gateways.creds-refused.provider-keys.\"google-vertex-ai\"",
                    ServiceAccounts.json(tokens + "/refused"));
            config.put("gateway.gateways.creds-refused.provider-keys.anthropic", "sk-ant-creds");
            String route = "[{\"id\":\"start\",\"type\":\"start\",\"outputs\":{\"next\":{\"elementId\":\"vertex\"}}},"
                    + "{\"id\":\"vertex\",\"type\":\"model\",\"properties\":{\"provider\":\"google-vertex-ai\","
                    + "\"model\":\"google/gemini-2.5-flash\"},\"outputs\":{\"success\":{\"elementId\":\"end\"},"
                    + "\"fallback\":{\"elementId\":\"claude\"}}},"
                    + "{\"id\":\"claude\",\"type\":\"model\",\"properties\":{\"provider\":\"anthropic\","
                    + "\"model\":\"claude-sonnet-4-5\"},\"outputs\":{\"success\":{\"elementId\":\"end\"}}},"
                    + "{\"id\":\"end\",\"type\":\"end\"}]";
            config.put(gw + "routes.vertex-first", route);
            config.put("gateway.gateways.creds-refused.routes.vertex-first", route);

            return config;
        }
    }

    private FakeTokenEndpoint tokenEndpoint(String suffix) {
        FakeTokenEndpoint endpoint = new FakeTokenEndpoint(upstream.url() + TOKEN_SERVED + suffix);
        upstream.on(TOKEN_SERVED + suffix, endpoint::handle);
        return endpoint;
    }

    private Response vertexNative(String alias) {
        var spec = given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .contentType("application/json")
                .body("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
        if (alias != null) {
            spec.header("cf-aig-byok-alias", alias);
        }
        return spec.post("/v1/acct/creds/google-vertex-ai" + VERTEX_NATIVE);
    }

    private static String geminiAnswer() {
        try (var in = StoredCredentialsTest.class.getResourceAsStream("/compat/gemini/function-call.response.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<FakeUpstream.Received> toModel(String path) {
        return upstream.received().stream()
                .filter(r -> r.uri().startsWith(path))
                .toList();
    }

    @Test
    void aServiceAccountBecomesABearerTokenReusedAcrossRequests() {
        FakeTokenEndpoint endpoint = tokenEndpoint("/fresh");
        upstream.onJson(VERTEX_UPSTREAM, 200, "{\"candidates\":[]}");

        for (int i = 0; i < 3; i++) {
            vertexNative("fresh").then().statusCode(200);
        }

        assertThat(endpoint.granted()).isEqualTo(1);
        assertThat(endpoint.claims().get(0).getString("aud")).isEqualTo(upstream.url() + TOKEN_SERVED + "/fresh");
        assertThat(toModel(VERTEX_UPSTREAM)).hasSize(3).allSatisfy(r -> assertThat(r.header("authorization"))
                .isEqualTo("Bearer " + FakeTokenEndpoint.tokenNumber(1)));
    }

    @Test
    void aTokenNearItsExpiryIsRefreshed() throws InterruptedException {
        FakeTokenEndpoint endpoint = tokenEndpoint("/short").expiresIn(2); // refreshed half way: after 1 s
        upstream.onJson(VERTEX_UPSTREAM, 200, "{\"candidates\":[]}");

        vertexNative("short").then().statusCode(200);
        vertexNative("short").then().statusCode(200);
        Thread.sleep(1_200);
        vertexNative("short").then().statusCode(200);

        assertThat(endpoint.granted()).isEqualTo(2);
        assertThat(toModel(VERTEX_UPSTREAM).stream().map(r -> r.header("authorization")))
                .containsExactly(
                        "Bearer " + FakeTokenEndpoint.tokenNumber(1),
                        "Bearer " + FakeTokenEndpoint.tokenNumber(1),
                        "Bearer " + FakeTokenEndpoint.tokenNumber(2));
    }

    @Test
    void theUnifiedApiUsesTheStoredServiceAccount() {
        tokenEndpoint("");
        String path = "/vertex/us-east5-aiplatform/v1/projects/my-project/locations/us-east5/publishers/google/models/"
                + "gemini-2.5-flash:generateContent";
        upstream.onJson(path, 200, geminiAnswer());

        Response r = given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .contentType("application/json")
                .body("{\"model\":\"google-vertex-ai/google/gemini-2.5-flash\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/acct/creds/compat/chat/completions");

        r.then().statusCode(200);
        assertThat(r.jsonPath().getString("object")).isEqualTo("chat.completion");
        assertThat(toModel(path)).singleElement().satisfies(seen -> assertThat(seen.header("authorization"))
                .startsWith("Bearer ya29.test-token-"));
    }

    @Test
    void aRouteModelElementUsesTheStoredServiceAccount() {
        tokenEndpoint("");
        String path = "/vertex/us-east5-aiplatform/v1/projects/my-project/locations/us-east5/publishers/google/models/"
                + "gemini-2.5-flash:generateContent";
        upstream.onJson(path, 200, geminiAnswer());

        Response r = given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .contentType("application/json")
                .body("{\"model\":\"dynamic/vertex-first\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/acct/creds/compat/chat/completions");

        r.then().statusCode(200).header("cf-aig-provider", "google-vertex-ai");
        assertThat(toModel(path)).singleElement().satisfies(seen -> assertThat(seen.header("authorization"))
                .startsWith("Bearer ya29.test-token-"));
    }

    @Test
    void aRouteFallsBackWhenTheServiceAccountIsRefused() {
        tokenEndpoint("/refused").refuseWith(400);
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));

        Response r = given().header("cf-aig-authorization", "Bearer creds-token")
                .contentType("application/json")
                .body("{\"model\":\"dynamic/vertex-first\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/acct/creds-refused/compat/chat/completions");

        r.then().statusCode(200).header("cf-aig-provider", "anthropic");
        assertThat(r.header("cf-aig-steps")).contains("\"provider\":\"google-vertex-ai\",\"outcome\":\"credentials\"");
        assertThat(toModel("/vertex")).isEmpty();
        assertThat(toModel("/anthropic")).singleElement().satisfies(seen -> assertThat(seen.header("x-api-key"))
                .isEqualTo("sk-ant-creds"));
    }

    @Test
    void aRefusedExchangeIsTheGatewaysErrorAndNamesNoSecret() {
        tokenEndpoint("/refused").refuseWith(401);

        Response r = vertexNative("refused");

        r.then().statusCode(502);
        assertThat(r.jsonPath().getInt("error[0].code")).isEqualTo(2130);
        assertThat(r.jsonPath().getString("error[0].message")).contains(ServiceAccounts.EMAIL, "401", "invalid_grant");
        assertThat(r.asString()).doesNotContain(ServiceAccounts.privateKeyFragment());
        assertThat(toModel("/vertex")).isEmpty();
    }

    /** Recomputes the signature of what arrived, as AWS does; 403 with AWS's error type when it differs. */
    private static void fakeBedrock(HttpServerRequest req, Buffer body) {
        String auth = String.valueOf(req.getHeader("authorization"));
        Matcher m = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                        + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})")
                .matcher(auth);
        boolean valid = m.matches() && m.group(1).equals(AKID) && m.group(4).equals("bedrock");
        if (valid) {
            List<Map.Entry<String, String>> signed = new ArrayList<>();
            for (String name : m.group(5).split(";")) {
                signed.add(Map.entry(name, String.valueOf(req.getHeader(name))));
            }
            String uri = req.uri();
            int q = uri.indexOf('?');
            SigV4.Signature expected = SigV4.sign(
                    req.method().name(),
                    q < 0 ? uri : uri.substring(0, q),
                    q < 0 ? null : uri.substring(q + 1),
                    signed,
                    SigV4.sha256Hex(body.getBytes()),
                    req.getHeader("x-amz-date"),
                    m.group(3),
                    "bedrock",
                    new SigV4.Keys(AKID, SECRET, null));
            valid = expected.authorization().equals(auth)
                    && m.group(5).contains("host")
                    && SigV4.sha256Hex(body.getBytes()).equals(req.getHeader("x-amz-content-sha256"));
        }
        if (!valid) {
            req.response()
                    .setStatusCode(403)
                    .putHeader("x-amzn-errortype", "InvalidSignatureException")
                    .putHeader("content-type", "application/json")
                    .end("{\"message\":\"The request signature we calculated does not match the signature you"
                            + " provided.\"}");
            return;
        }
        req.response()
                .putHeader("content-type", "application/json")
                .putHeader("x-fake-signature", "verified")
                .putHeader("x-amzn-bedrock-input-token-count", "12")
                .putHeader("x-amzn-bedrock-output-token-count", "5")
                .end(Fixtures.read("anthropic/message.json"));
    }

    private static final String INVOKE_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say h\\u00e9llo\"}]}";

    @Test
    void aStoredAccessKeySignsTheRequestAsSent() {
        upstream.on(BEDROCK_UPSTREAM, StoredCredentialsTest::fakeBedrock);

        Response r = given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .contentType("application/json")
                .body(INVOKE_BODY)
                .post("/v1/acct/creds/aws-bedrock/bedrock-runtime/us-west-2" + BEDROCK_MODEL);

        r.then().statusCode(200).header("x-fake-signature", "verified");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(BEDROCK_UPSTREAM);
        assertThat(seen.body().toString(StandardCharsets.UTF_8)).isEqualTo(INVOKE_BODY);
        assertThat(seen.header("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + AKID + "/")
                .contains("/us-west-2/bedrock/aws4_request") // the URL's region, not the key's
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,");
        assertThat(seen.header("x-amz-security-token")).isNull();
        assertThat(r.asString()).doesNotContain(SECRET);
    }

    @Test
    void anEncodedModelArnIsSignedAsSent() {
        upstream.on("/bedrock/", StoredCredentialsTest::fakeBedrock);
        String arn = "/model/arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Aapplication-inference-profile%2Fabc123"
                + "/converse?trace=ENABLED&a=b%20c";

        given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}")
                .post("/v1/acct/creds/aws-bedrock/bedrock-runtime/us-west-2" + arn)
                .then()
                .statusCode(200)
                .header("x-fake-signature", "verified");

        assertThat(upstream.single().uri()).isEqualTo("/bedrock/bedrock-runtime.us-west-2.amazonaws.com" + arn);
    }

    @Test
    void temporaryCredentialsSignTheirSessionToken() {
        upstream.on(BEDROCK_UPSTREAM, StoredCredentialsTest::fakeBedrock);

        given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .header("cf-aig-byok-alias", "temporary")
                .contentType("application/json")
                .body(INVOKE_BODY)
                .post("/v1/acct/creds/aws-bedrock/bedrock-runtime/us-west-2" + BEDROCK_MODEL)
                .then()
                .statusCode(200)
                .header("x-fake-signature", "verified");

        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-amz-security-token")).isEqualTo(SESSION);
        assertThat(seen.header("authorization"))
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
    }

    @Test
    void aClientSignedRequestPassesThroughUntouched() {
        upstream.on(BEDROCK_UPSTREAM, StoredCredentialsTest::fakeBedrock); // not our key: the fake refuses it
        String clientAuth = "AWS4-HMAC-SHA256 Credential=AKIDCLIENT/20261202/us-west-2/bedrock/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + "ab".repeat(32);

        Response r = given().urlEncodingEnabled(false)
                .header("cf-aig-authorization", "Bearer creds-token")
                .header("authorization", clientAuth)
                .header("x-amz-date", "20261202T101500Z")
                .contentType("application/json")
                .body(INVOKE_BODY)
                .post("/v1/acct/creds/aws-bedrock/bedrock-runtime/us-west-2" + BEDROCK_MODEL);

        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo(BEDROCK_UPSTREAM);
        r.then().statusCode(403);
        assertThat(seen.header("authorization")).isEqualTo(clientAuth);
        assertThat(seen.header("x-amz-date")).isEqualTo("20261202T101500Z");
        assertThat(seen.header("x-amz-content-sha256")).isNull();
        assertThat(seen.body().toString(StandardCharsets.UTF_8)).isEqualTo(INVOKE_BODY);
    }

    @Test
    void noSecretReachesTheLog() {
        upstream.on(BEDROCK_UPSTREAM, StoredCredentialsTest::fakeBedrock);
        tokenEndpoint("");
        upstream.onJson(VERTEX_UPSTREAM, 200, "{\"candidates\":[]}");
        List<Response> responses = List.of(
                given().urlEncodingEnabled(false)
                        .header("cf-aig-authorization", "Bearer creds-token")
                        .contentType("application/json")
                        .body(INVOKE_BODY)
                        .post("/v1/acct/creds/aws-bedrock/bedrock-runtime/us-west-2" + BEDROCK_MODEL),
                vertexNative(null));

        for (Response r : responses) {
            r.then().statusCode(200);
            String id = r.header("cf-aig-log-id");
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
            StringBuilder stored = new StringBuilder(TestDb.logRow(id).toString());
            for (Map<String, Object> payload :
                    TestDb.query("SELECT * FROM request_log_payloads WHERE log_id = ?::uuid", id)) {
                payload.values()
                        .forEach(v -> stored.append(
                                v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v)));
            }
            assertThat(stored.toString())
                    .contains("creds")
                    .doesNotContain(SECRET, ServiceAccounts.privateKeyFragment(), "ya29.test-token", "creds-token");
        }
    }
}
