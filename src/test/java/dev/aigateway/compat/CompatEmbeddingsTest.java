package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code …/compat/embeddings} end to end: the official OpenAI Java client reaches a Gemini fake ({@code
 * batchEmbedContents}) and a Cohere fake ({@code /v2/embed}) translated, and an OpenAI fake untouched but for the
 * model. Asserts what the client got and what the fake provider received.
 */
@QuarkusTest
class CompatEmbeddingsTest extends GatewayTest {

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/compat")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static String fixture(String name) {
        try (InputStream in = CompatEmbeddingsTest.class.getResourceAsStream("/compat/embeddings/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private io.restassured.response.Response post(String path, String body) {
        return RestAssured.given()
                .baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType("application/json")
                .body(body)
                .post(path);
    }

    @Test
    void openAiSdkEmbedsWithGemini() {
        upstream.onJson(
                "/google/v1beta/models/text-embedding-004:batchEmbedContents",
                200,
                fixture("gemini-batch.response.json"));

        CreateEmbeddingResponse r = client("gemini-key")
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("google-ai-studio/text-embedding-004")
                        .inputOfArrayOfStrings(List.of("a", "b"))
                        .build());

        assertThat(r.data()).hasSize(2);
        assertThat(r.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 0.125f);
        assertThat(r.data().get(1).index()).isEqualTo(1);
        assertThat(r.model()).isEqualTo("text-embedding-004");
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.header("x-goog-api-key")).isEqualTo("gemini-key");
        assertThat(seen.header("authorization")).isNull();
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getJsonArray("requests")).hasSize(2);
        assertThat(sent.getJsonArray("requests").getJsonObject(1).getString("model"))
                .isEqualTo("models/text-embedding-004");
    }

    @Test
    void cohereAnswersInOpenAisShapeWithUsageAndBase64() {
        upstream.onJson("/cohere/v2/embed", 200, fixture("cohere.response.json"));

        var r = post(
                "compat/embeddings", // the custom-domain form
                "{\"model\":\"cohere/embed-v4.0\",\"input\":[\"hello\",\"goodbye\"],\"encoding_format\":\"base64\"}");
        r.then().statusCode(200);

        JsonObject answer = new JsonObject(r.asString());
        assertThat(answer.getString("object")).isEqualTo("list");
        assertThat(answer.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(2);
        ByteBuffer v = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(answer.getJsonArray("data").getJsonObject(1).getString("embedding")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(v.getFloat()).isEqualTo(-0.0230255f);
        FakeUpstream.Received seen = upstream.single();
        assertThat(seen.uri()).isEqualTo("/cohere/v2/embed");
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-client");
        JsonObject sent = seen.body().toJsonObject();
        assertThat(sent.getString("model")).isEqualTo("embed-v4.0");
        assertThat(sent.getJsonArray("texts").getList()).containsExactly("hello", "goodbye");
        assertThat(sent.getString("input_type")).isEqualTo("search_document");
    }

    @Test
    void openAiTargetGetsTheBodyByteForByteButTheModel() {
        upstream.onJson("/openai/v1/embeddings", 200, Fixtures.read("usage/openai-embeddings.json"));
        String body = "{\"input\": [\"x\"], \"model\":\"openai/text-embedding-3-small\",\"dimensions\":8}";

        var r = post("v1/acct/default/compat/embeddings", body);
        r.then().statusCode(200);

        assertThat(upstream.single().uri()).isEqualTo("/openai/v1/embeddings");
        assertThat(upstream.single().body().toString(StandardCharsets.UTF_8))
                .isEqualTo(body.replace("openai/text-embedding-3-small", "text-embedding-3-small"));
        assertThat(r.asString()).isEqualTo(Fixtures.read("usage/openai-embeddings.json"));
    }

    @Test
    void unsupportedTargetsAndInputsAreRefused() {
        var anthropic = post("v1/acct/default/compat/embeddings", "{\"model\":\"anthropic/claude\",\"input\":\"x\"}");
        anthropic.then().statusCode(400);
        assertThat(anthropic.asString()).contains("google-ai-studio").contains("cohere");
        var tokens = post("v1/acct/default/compat/embeddings", "{\"model\":\"cohere/embed-v4.0\",\"input\":[[1,2]]}");
        tokens.then().statusCode(400);
        assertThat(new JsonObject(tokens.asString()).getJsonObject("error").getString("param"))
                .isEqualTo("input");
        assertThat(upstream.received()).isEmpty();
    }
}
