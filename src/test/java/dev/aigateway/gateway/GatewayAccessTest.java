package dev.aigateway.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Gateway authentication, stored provider keys and alias selection, seen from the client and the provider. */
@QuarkusTest
class GatewayAccessTest extends GatewayTest {

    private static final String SECURED_OPENAI = "/v1/acct/secured/openai/chat/completions";
    private static final String DEFAULT_OPENAI = "/v1/acct/default/openai/chat/completions";

    private static ValidatableResponse envelope(ValidatableResponse response, int status, int code) {
        return response.statusCode(status)
                .contentType("application/json")
                .body("success", equalTo(false))
                .body("result.size()", equalTo(0))
                .body("messages.size()", equalTo(0))
                .body("error[0].code", equalTo(code))
                .body("name", equalTo("AiGatewayError"))
                .body("httpCode", equalTo(status))
                .body("internalCode", equalTo(code))
                .header("cf-aig-log-id", not(equalTo(null)));
    }

    @Test
    void authenticatedGatewayRejectsRequestsWithoutToken() {
        envelope(given().body("{}").post(SECURED_OPENAI).then(), 401, 2009);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void authenticatedGatewayRejectsWrongToken() {
        envelope(
                given().header("cf-aig-authorization", "Bearer gw-token-wrong")
                        .header("Authorization", "Bearer sk-own")
                        .body("{}")
                        .post(SECURED_OPENAI)
                        .then(),
                401,
                2009);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void authenticatedGatewayAcceptsEachConfiguredTokenAndNeverForwardsIt() {
        for (String token : new String[] {"gw-token-one", "gw-token-two"}) {
            upstream.reset();
            given().header("cf-aig-authorization", "Bearer " + token)
                    .header("Authorization", "Bearer sk-own")
                    .body("{}")
                    .post(SECURED_OPENAI)
                    .then()
                    .statusCode(200);
            FakeUpstream.Received seen = upstream.single();
            assertThat(seen.header("authorization")).isEqualTo("Bearer sk-own");
            assertThat(seen.header("cf-aig-authorization")).isNull();
        }
    }

    @Test
    void gatewayTokenInTheProviderSlotAuthenticatesAndUsesTheStoredKey() {
        given().header("Authorization", "Bearer gw-token-one")
                .body("{}")
                .post(SECURED_OPENAI)
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-openai-stored");
    }

    @Test
    void gatewayTokenAloneGetsTheStoredKeyInjected() {
        given().header("cf-aig-authorization", "Bearer gw-token-one")
                .body("{}")
                .post("/v1/acct/secured/anthropic/v1/messages")
                .then()
                .statusCode(200);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-api-key")).isEqualTo("sk-ant-stored");
        assertThat(seen.header("authorization")).isNull();
    }

    @Test
    void openGatewayIgnoresGatewayAuthorizationHeader() {
        given().header("cf-aig-authorization", "Bearer anything")
                .header("Authorization", "Bearer sk-own")
                .body("{}")
                .post(DEFAULT_OPENAI)
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("cf-aig-authorization")).isNull();
    }

    @Test
    void storedDefaultKeyIsInjectedWhenRequestHasNoCredential() {
        given().body("{}").post(DEFAULT_OPENAI).then().statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-stored-default");
    }

    /** Issue 11: stored keys on a gateway without authentication were lent to anyone who could reach the port. */
    @Test
    void storedKeysOfAnOpenGatewayAreNotLentToUnauthenticatedCallers() {
        envelope(
                        given().body("{}")
                                .post("/v1/acct/keys-open/openai/chat/completions")
                                .then(),
                        401,
                        2009)
                .body("error[0].message", containsString("gateway token"))
                .body(not(containsString("sk-keys-open-stored")));
        envelope(
                given().header("cf-aig-byok-alias", "default")
                        .body("{}")
                        .post("/v1/acct/keys-open/openai/chat/completions")
                        .then(),
                401,
                2009);
        assertThat(upstream.received()).isEmpty();
        // the gateway still proxies callers that bring their own key
        given().header("Authorization", "Bearer sk-own")
                .body("{}")
                .post("/v1/acct/keys-open/openai/chat/completions")
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-own");
    }

    @Test
    void optionalTokensLendStoredKeysOnlyToCallersPresentingOne() {
        String path = "/v1/acct/keys-optional/openai/chat/completions";
        envelope(given().body("{}").post(path).then(), 401, 2009);
        envelope(
                given().header("cf-aig-authorization", "Bearer not-the-token")
                        .body("{}")
                        .post(path)
                        .then(),
                401,
                2009);
        assertThat(upstream.received()).isEmpty();
        given().header("cf-aig-authorization", "Bearer opt-token")
                .body("{}")
                .post(path)
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-keys-optional-stored");
    }

    @Test
    void anOptedInOpenGatewayLendsItsStoredKeys() {
        // the test profile's default gateway sets allow-unauthenticated-stored-keys=true
        given().body("{}").post(DEFAULT_OPENAI).then().statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-stored-default");
    }

    @Test
    void requestsOwnKeyWinsOverStoredKey() {
        given().header("Authorization", "Bearer sk-own")
                .header("cf-aig-byok-alias", "work")
                .body("{}")
                .post(DEFAULT_OPENAI)
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-own");
    }

    @Test
    void byokAliasSelectsAnotherStoredKey() {
        given().header("cf-aig-byok-alias", "work")
                .body("{}")
                .post(DEFAULT_OPENAI)
                .then()
                .statusCode(200);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-stored-work");
        assertThat(seen.header("cf-aig-byok-alias")).isNull();
    }

    @Test
    void customProviderGetsStoredKeyInItsOwnHeader() {
        given().body("{}").post("/v1/acct/default/custom-acme/v1/run").then().statusCode(200);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-acme-key")).isEqualTo("acme-stored");
        assertThat(seen.header("authorization")).isNull();
    }

    @Test
    void unknownByokAliasListsConfiguredAliasesButNoKeys() {
        envelope(
                        given().header("cf-aig-byok-alias", "personal")
                                .body("{}")
                                .post(DEFAULT_OPENAI)
                                .then(),
                        400,
                        2040)
                .body("error[0].message", containsString("personal"))
                .body("error[0].message", containsString("[default, work]"))
                .body(not(containsString("sk-stored")));
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void unknownGatewayIsError2001() {
        envelope(
                given().body("{}")
                        .post("/v1/acct/no-such-gateway/openai/chat/completions")
                        .then(),
                400,
                2001);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void unknownProviderIsError2008() {
        envelope(given().body("{}").post("/v1/acct/default/not-a-provider/chat").then(), 400, 2008);
        envelope(
                given().body("{}")
                        .post("/v1/acct/default/custom-undeclared/chat")
                        .then(),
                400,
                2008);
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void pathsOutsideTheUrlSchemeGetTheEnvelopeToo() {
        given().get("/")
                .then()
                .statusCode(404)
                .body("name", equalTo("AiGatewayError"))
                .body("error[0].code", equalTo(2104));
        given().get("/v1/acct").then().statusCode(400).body("error[0].code", equalTo(2008));
    }

    @Test
    void everyResponseCarriesLowercaseUuid7IdsAndEchoesClientEventId() {
        String uuid7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
        var ok = given().body("{}").post(DEFAULT_OPENAI).then().statusCode(200).extract();
        assertThat(ok.header("cf-aig-log-id")).matches(uuid7);
        assertThat(ok.header("cf-aig-request-id")).isEqualTo(ok.header("cf-aig-log-id"));
        assertThat(ok.header("cf-aig-event-id")).isEqualTo(ok.header("cf-aig-log-id"));

        var echoed = given().header("CF-AIG-EVENT-ID", "my-event-7")
                .body("{}")
                .post("/v1/acct/nope/openai/chat/completions")
                .then()
                .statusCode(400)
                .extract();
        assertThat(echoed.header("cf-aig-event-id")).isEqualTo("my-event-7");
        assertThat(echoed.header("cf-aig-log-id")).matches(uuid7).isNotEqualTo(ok.header("cf-aig-log-id"));
    }

    @Test
    void headerNamesMatchCaseInsensitively() {
        given().header("CF-AIG-Authorization", "Bearer gw-token-one")
                .header("CF-AIG-BYOK-ALIAS", "default")
                .body("{}")
                .post(SECURED_OPENAI)
                .then()
                .statusCode(200);
        assertThat(upstream.single().header("authorization")).isEqualTo("Bearer sk-openai-stored");
    }
}
