package dev.aigateway.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/** Base of the HTTP-level tests: the gateway's URL and a fake upstream that starts each test empty. */
@QuarkusTestResource(FakeUpstreamResource.class)
public abstract class GatewayTest {

    protected final FakeUpstream upstream = FakeUpstreamResource.upstream();

    @TestHTTPResource("/")
    protected URL gateway;

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    /** POSTs an OpenAI chat completion through gateway {@code gatewayId}, with the client's key and extra headers. */
    protected io.restassured.response.Response postChat(
            String gatewayId, String body, java.util.Map<String, String> headers) {
        io.restassured.specification.RequestSpecification spec = io.restassured.RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType("application/json")
                .body(body);
        headers.forEach(spec::header);
        return spec.post("v1/acct/" + gatewayId + "/openai/v1/chat/completions");
    }
}
