package dev.aigateway.provider.cohere.compat;

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
import java.util.Set;

/**
 * OpenAI embeddings ⇄ Cohere {@code POST /v2/embed}: {@code input} → {@code texts}, {@code embedding_types:
 * ["float"]}, {@code dimensions} → {@code output_dimension}, {@code input_type} (which Cohere's v3+ models require)
 * from the client's own {@code input_type} field, else {@code search_document}; the answer's {@code embeddings.float}
 * as OpenAI's data, {@code meta.billed_units.input_tokens} as its usage. One instance per request.
 */
public final class CohereEmbeddingTranslator implements ChatTranslator {

    private static final Set<String> INPUT_TYPES =
            Set.of("search_document", "search_query", "classification", "clustering", "image");

    private EmbeddingShapes.Request request;
    private String model = "";

    @Override
    public byte[] request(ObjectNode body, String model) {
        this.model = model;
        request = EmbeddingShapes.Request.read(body, "cohere");
        String inputType = body.path("input_type").asText("search_document");
        if (!INPUT_TYPES.contains(inputType)) {
            throw new CompatRefusal("input_type must be one of " + INPUT_TYPES, "input_type");
        }
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("model", model);
        ArrayNode texts = out.putArray("texts");
        request.texts().forEach(texts::add);
        out.put("input_type", inputType);
        out.putArray("embedding_types").add("float");
        if (request.dimensions() != null) {
            out.put("output_dimension", request.dimensions());
        }
        return OpenAiShapes.bytes(out);
    }

    @Override
    public String path(String model, boolean stream) {
        return "/v2/embed";
    }

    @Override
    public byte[] response(byte[] body, long created) {
        ObjectNode answer = OpenAiShapes.object(body);
        if (answer == null) {
            return OpenAiShapes.bytes(
                    OpenAiShapes.error("The provider's answer was not JSON", "server_error", null, null));
        }
        List<JsonNode> vectors = new ArrayList<>();
        answer.path("embeddings").path("float").forEach(vectors::add);
        long tokens =
                answer.path("meta").path("billed_units").path("input_tokens").asLong(0);
        return OpenAiShapes.bytes(EmbeddingShapes.list(vectors, model, tokens, request != null && request.base64()));
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return EmbeddingShapes.noStream();
    }

    /** Cohere's {@code {"message": …}} (or anything else) as OpenAI's error object with the status's type. */
    @Override
    public byte[] error(int status, byte[] body) {
        ObjectNode parsed = OpenAiShapes.object(body);
        String message = parsed == null ? null : parsed.path("message").asText(null);
        String type = status == 401 || status == 403
                ? "authentication_error"
                : status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
        return OpenAiShapes.bytes(OpenAiShapes.error(
                message == null ? "The provider answered with status " + status : message, type, null, null));
    }
}
