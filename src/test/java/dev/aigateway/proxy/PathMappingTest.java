package dev.aigateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway URL scheme maps onto each provider's own URL (the fake upstream stands in for every host). */
@QuarkusTest
class PathMappingTest extends GatewayTest {

    private String upstreamUriFor(String method, String gatewayPath) {
        given().urlEncodingEnabled(false)
                .config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .body(method.equals("GET") ? "" : "{}")
                .when()
                .request(method, gatewayPath)
                .then()
                .statusCode(200);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.method()).isEqualTo(method);
        return seen.uri();
    }

    @ParameterizedTest(name = "{1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|/v1/acct/default/openai/chat/completions|/openai/v1/chat/completions",
                "POST|/v1/acct/default/openai/v1/chat/completions|/openai/v1/chat/completions",
                "GET|/v1/acct/default/openai/models|/openai/v1/models",
                "POST|/v1/acct/default/openai/v1/responses?stream=true|/openai/v1/responses?stream=true",
                "POST|/v1/acct/default/anthropic/v1/messages|/anthropic/v1/messages",
                "POST|/v1/acct/default/google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent|/google/v1beta/models/gemini-2.5-flash:generateContent",
                "POST|/v1/acct/default/google-ai-studio/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse|/google/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
                "POST|/v1/acct/default/groq/chat/completions|/groq/openai/v1/chat/completions",
                "POST|/v1/acct/default/groq/openai/v1/chat/completions|/groq/openai/v1/chat/completions",
                "POST|/v1/acct/default/azure-openai/my-resource/gpt-4o/chat/completions?api-version=2024-10-21|/azure/my-resource/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
                "POST|/v1/acct/default/aws-bedrock/bedrock-runtime/us-east-1/model/anthropic.claude-3-haiku/invoke|/bedrock/bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku/invoke",
                "POST|/v1/acct/default/aws-bedrock/bedrock-runtime/eu-west-3/model/us.amazon.nova-pro-v1%3A0/converse|/bedrock/bedrock-runtime.eu-west-3.amazonaws.com/model/us.amazon.nova-pro-v1%3A0/converse",
                "POST|/v1/acct/default/google-vertex-ai/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent|/vertex/us-central1-aiplatform/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent",
                "POST|/v1/acct/default/google-vertex-ai/v1/projects/p1/locations/global/publishers/google/models/gemini-2.5-pro:generateContent|/vertex/aiplatform/v1/projects/p1/locations/global/publishers/google/models/gemini-2.5-pro:generateContent",
                "POST|/v1/abc123/default/workers-ai/@cf/meta/llama-3.1-8b-instruct|/cf/accounts/abc123/ai/run/@cf/meta/llama-3.1-8b-instruct",
                "POST|/v1/abc123/default/workers-ai/v1/chat/completions|/cf/accounts/abc123/ai/v1/chat/completions",
                "POST|/v1/acct/default/custom-acme/v2/things?q=1&r=a%2Fb|/acme/api/v2/things?q=1&r=a%2Fb",
                "POST|/v1/acct/default/fal/fal-ai/fast-sdxl|/fal/fal-ai/fast-sdxl",
                "POST|/openai/chat/completions|/openai/v1/chat/completions",
                "POST|/anthropic/v1/messages|/anthropic/v1/messages",
            })
    void mapsGatewayPathOntoProviderUrl(String method, String gatewayPath, String expectedUpstreamUri) {
        assertThat(upstreamUriFor(method, gatewayPath)).isEqualTo(expectedUpstreamUri);
    }

    @Test
    void falTargetUrlHeaderIsFollowedOnAllowedHostsOnly() {
        given().header("x-fal-target-url", upstream.url() + "/queue/fal-ai/flux?x=1")
                .body("{}")
                .post("/v1/acct/default/fal")
                .then()
                .statusCode(200);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/queue/fal-ai/flux?x=1");
        assertThat(seen.header("x-fal-target-url")).isNull();

        given().header("x-fal-target-url", "https://evil.example.com/steal")
                .body("{}")
                .post("/v1/acct/default/fal")
                .then()
                .statusCode(400)
                .body("error[0].code", equalTo(2100));
        assertThat(upstream.received()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/acct/default/aws-bedrock/bedrock-runtime/evil.com#/model/x/invoke",
        "/v1/acct/default/aws-bedrock/not-a-service/us-east-1/model/x/invoke",
        "/v1/acct/default/azure-openai/bad.host.name/dep/chat/completions",
        "/v1/acct/default/azure-openai/only-resource",
        "/v1/acct/default/google-vertex-ai/v1/projects/p/models/x",
    })
    void pathsThatWouldNameAnotherHostAreRejected(String path) {
        given().urlEncodingEnabled(false)
                .body("{}")
                .post(path.replace("#", "%23"))
                .then()
                .statusCode(400)
                .body("error[0].code", equalTo(2100))
                .body("name", equalTo("AiGatewayError"));
        assertThat(upstream.received()).isEmpty();
    }
}
