package dev.aigateway.provider.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigateway.provider.cohere.compat.CohereEmbeddingTranslator;
import dev.aigateway.provider.google.compat.GeminiEmbeddingTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Golden translations OpenAI embeddings ⇄ Gemini ({@code embedContent}, {@code batchEmbedContents}) and ⇄ Cohere
 * ({@code /v2/embed}), answers from the providers' documented examples under {@code compat/embeddings/}.
 */
class EmbeddingTranslatorsTest {

    private static byte[] fixture(String name) {
        try (InputStream in = EmbeddingTranslatorsTest.class.getResourceAsStream("/compat/embeddings/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] b) {
        return OpenAiShapes.object(b);
    }

    private static JsonNode json(String s) {
        return OpenAiShapes.object(s);
    }

    @Test
    void geminiOneStringIsEmbedContent() {
        GeminiEmbeddingTranslator t = new GeminiEmbeddingTranslator();
        byte[] up = t.request(
                OpenAiShapes.object("{\"model\":\"x\",\"input\":\"What is the meaning of life?\",\"dimensions\":4}"),
                "gemini-embedding-001");
        assertThat(json(up))
                .isEqualTo(json("{\"content\":{\"parts\":[{\"text\":\"What is the meaning of life?\"}]},"
                        + "\"outputDimensionality\":4}"));
        assertThat(t.path("gemini-embedding-001", false)).isEqualTo("/v1beta/models/gemini-embedding-001:embedContent");
        assertThat(json(t.response(fixture("gemini-single.response.json"), 0)))
                .isEqualTo(json("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
                        + "[0.013168523,-0.008711934,-0.046782676,0.00069968984]}],\"model\":\"gemini-embedding-001\","
                        + "\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0}}"));
    }

    @Test
    void geminiArrayIsBatchEmbedContentsAndBase64IsLittleEndianFloat32() {
        GeminiEmbeddingTranslator t = new GeminiEmbeddingTranslator();
        byte[] up = t.request(
                OpenAiShapes.object("{\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}"),
                "models/text-embedding-004");
        assertThat(json(up))
                .isEqualTo(
                        json(
                                "{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                                        + "{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}"));
        assertThat(t.path("models/text-embedding-004", false))
                .isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        JsonNode out = json(t.response(fixture("gemini-batch.response.json"), 0));
        assertThat(out.path("data")).hasSize(2);
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(out.path("data").path(0).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {b.getFloat(), b.getFloat(), b.getFloat()}).containsExactly(0.25f, -0.5f, 0.125f);
        assertThat(out.path("data").path(1).path("index").asInt()).isEqualTo(1);
    }

    @Test
    void cohereV2Embed() {
        CohereEmbeddingTranslator t = new CohereEmbeddingTranslator();
        byte[] up = t.request(
                OpenAiShapes.object(
                        "{\"input\":[\"hello\",\"goodbye\"],\"input_type\":\"search_query\",\"dimensions\":256}"),
                "embed-v4.0");
        assertThat(json(up))
                .isEqualTo(json(
                        "{\"model\":\"embed-v4.0\",\"texts\":[\"hello\",\"goodbye\"],\"input_type\":\"search_query\","
                                + "\"embedding_types\":[\"float\"],\"output_dimension\":256}"));
        assertThat(t.path("embed-v4.0", false)).isEqualTo("/v2/embed");
        assertThat(json(t.response(fixture("cohere.response.json"), 0)))
                .isEqualTo(json("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
                        + "[0.016296387,-0.008354187,-0.04699707]},{\"object\":\"embedding\",\"index\":1,\"embedding\":"
                        + "[-0.0230255,0.041015625,0.025390625]}],\"model\":\"embed-v4.0\","
                        + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}"));
        JsonNode err =
                json(t.error(429, "{\"message\":\"You are using a Trial key\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(err.path("error").path("message").asText()).isEqualTo("You are using a Trial key");
        assertThat(err.path("error").path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void tokenArraysAndBadEncodingsAreRefused() {
        assertThatThrownBy(() -> new CohereEmbeddingTranslator()
                        .request(OpenAiShapes.object("{\"input\":[[1,2,3]]}"), "embed-v4.0"))
                .isInstanceOf(CompatRefusal.class)
                .hasMessageContaining("token arrays");
        assertThatThrownBy(() -> new GeminiEmbeddingTranslator()
                        .request(OpenAiShapes.object("{\"input\":\"a\",\"encoding_format\":\"int8\"}"), "m"))
                .isInstanceOf(CompatRefusal.class);
        assertThatThrownBy(() -> new GeminiEmbeddingTranslator().request(OpenAiShapes.object("{\"input\":[]}"), "m"))
                .isInstanceOf(CompatRefusal.class);
    }
}
