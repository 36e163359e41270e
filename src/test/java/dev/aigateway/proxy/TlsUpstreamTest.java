package dev.aigateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.FakeUpstreamResource;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Providers over TLS: HTTP/2 when the provider offers it, certificates always verified. */
@QuarkusTest
class TlsUpstreamTest extends GatewayTest {

    private final FakeUpstream secure = FakeUpstreamResource.secureUpstream();

    @BeforeEach
    void resetSecure() {
        secure.reset();
    }

    @Test
    void httpsProviderIsReachedOverHttp2AndStreamsBack() {
        secure.on("/v1/chat/completions", Fixtures.sse("openai/chat-completion.sse"));

        String body = given().header("Authorization", "Bearer sk-tls")
                .body("{\"stream\":true}")
                .post("/v1/acct/default/custom-secure/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(body).isEqualTo(Fixtures.read("openai/chat-completion.sse"));
        FakeUpstream.Received seen = secure.single();
        assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-tls");
        assertThat(seen.body().toString()).isEqualTo("{\"stream\":true}");
    }

    @Test
    void providerWithUntrustedCertificateIsNeverCalled() {
        given().body("{}")
                .post("/v1/acct/default/custom-untrusted/chat/completions")
                .then()
                .statusCode(502)
                .body("error[0].code", equalTo(2005));
        assertThat(secure.received()).isEmpty();
    }
}
