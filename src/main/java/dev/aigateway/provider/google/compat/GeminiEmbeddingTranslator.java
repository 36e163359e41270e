package dev.aigateway.provider.google.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.EmbeddingShapes;
import dev.aigateway.provider.compat.OpenAiShapes;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings ⇄ Gemini: one string → {@code :embedContent} ({@code {"content":{"parts":[{"text"}]}}}, answer
 * {@code {"embedding":{"values"}}}); an array → {@code :batchEmbedContents} (one request per input, answer {@code
 * {"embeddings":[{"values"}]}}); {@code dimensions} → {@code outputDimensionality}; usage from {@code usageMetadata}
 * when Gemini reports it (else 0). One instance per request: the answer's shape follows the request's.
 */
public final class GeminiEmbeddingTranslator implements ChatTranslator {

    private EmbeddingShapes.Request request;
    private String model = "";

    @Override
    public byte[] request(ObjectNode body, String model) {
        if (!model.matches("(models/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new CompatRefusal(
                    "'" + model.replaceAll("[^\\x20-\\x7e]", "?") + "' is not a Gemini model name", "model");
        }
        this.model = model.startsWith("models/") ? model.substring("models/".length()) : model;
        request = EmbeddingShapes.Request.read(body, "google-ai-studio");
        if (request.single()) {
            return OpenAiShapes.bytes(content(request.texts().get(0), null));
        }
        ObjectNode batch = OpenAiShapes.NODES.objectNode();
        ArrayNode requests = batch.putArray("requests");
        for (String text : request.texts()) {
            requests.add(content(text, "models/" + this.model));
        }
        return OpenAiShapes.bytes(batch);
    }

    private ObjectNode content(String text, String modelName) {
        ObjectNode r = OpenAiShapes.NODES.objectNode();
        if (modelName != null) {
            r.put("model", modelName);
        }
        r.putObject("content").putArray("parts").addObject().put("text", text);
        if (request.dimensions() != null) {
            r.put("outputDimensionality", request.dimensions());
        }
        return r;
    }

    @Override
    public String path(String model, boolean stream) {
        String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return "/v1beta/models/" + m + (request != null && request.single() ? ":embedContent" : ":batchEmbedContents");
    }

    @Override
    public byte[] response(byte[] body, long created) {
        ObjectNode answer = OpenAiShapes.object(body);
        if (answer == null) {
            return OpenAiShapes.bytes(
                    OpenAiShapes.error("The provider's answer was not JSON", "server_error", null, null));
        }
        List<JsonNode> vectors = new ArrayList<>();
        if (answer.has("embedding")) {
            vectors.add(answer.path("embedding").path("values"));
        }
        for (JsonNode e : answer.path("embeddings")) {
            vectors.add(e.path("values"));
        }
        long tokens = answer.path("usageMetadata").path("promptTokenCount").asLong(0);
        return OpenAiShapes.bytes(EmbeddingShapes.list(vectors, model, tokens, request != null && request.base64()));
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return EmbeddingShapes.noStream();
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return OpenAiShapes.bytes(GeminiChatResponse.error(status, body));
    }
}
