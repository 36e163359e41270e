package dev.aigateway.provider.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The OpenAI embeddings shapes the unified API's {@code …/compat/embeddings} answers in, whatever the target: the
 * client's request read ({@link Request}: its texts, {@code dimensions}, {@code encoding_format}) and the answer made
 * ({@link #list}: {@code {"object":"list","data":[{"object":"embedding","index","embedding"}],"model","usage"}}, the
 * vectors as JSON numbers or, for {@code encoding_format: base64}, as little-endian float32 bytes in base64, as OpenAI
 * sends them and its SDKs decode them).
 */
public final class EmbeddingShapes {

    private EmbeddingShapes() {}

    /**
     * An OpenAI embeddings request as a translator needs it.
     *
     * @param texts the inputs, in order
     * @param single {@code input} was one string (not an array)
     * @param dimensions {@code dimensions}, or null
     * @param base64 {@code encoding_format: base64}
     */
    public record Request(List<String> texts, boolean single, Integer dimensions, boolean base64) {

        /**
         * Reads {@code body}.
         *
         * @throws CompatRefusal no input, token-array inputs (only OpenAI-family targets take them), a bad encoding
         */
        public static Request read(ObjectNode body, String provider) {
            JsonNode input = body.get("input");
            List<String> texts = new ArrayList<>();
            boolean single = input != null && input.isTextual();
            if (single) {
                texts.add(input.asText());
            } else if (input != null && input.isArray() && !input.isEmpty()) {
                for (JsonNode i : input) {
                    if (!i.isTextual()) {
                        throw new CompatRefusal(
                                "input as token arrays is not supported by " + provider + "; send strings", "input");
                    }
                    texts.add(i.asText());
                }
            } else {
                throw new CompatRefusal("'input' must be a string or a non-empty array of strings", "input");
            }
            String encoding = body.path("encoding_format").asText("float");
            if (!encoding.equals("float") && !encoding.equals("base64")) {
                throw new CompatRefusal("encoding_format must be float or base64", "encoding_format");
            }
            JsonNode dims = body.get("dimensions");
            Integer dimensions = null;
            if (dims != null && !dims.isNull()) {
                if (!dims.canConvertToInt() || dims.asInt() < 1) {
                    throw new CompatRefusal("dimensions must be a positive integer", "dimensions");
                }
                dimensions = dims.asInt();
            }
            return new Request(List.copyOf(texts), single, dimensions, encoding.equals("base64"));
        }
    }

    /**
     * The OpenAI answer for these vectors (each a JSON array of numbers, in input order).
     *
     * @param promptTokens the input tokens the provider reported (0 when it reports none)
     */
    public static ObjectNode list(List<JsonNode> vectors, String model, long promptTokens, boolean base64) {
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode e = data.addObject();
            e.put("object", "embedding");
            e.put("index", i);
            JsonNode v = vectors.get(i);
            if (base64) {
                e.put("embedding", base64(v));
            } else {
                e.set("embedding", v);
            }
        }
        out.put("model", model);
        out.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
        return out;
    }

    /** A vector as OpenAI's base64 encoding: float32, little-endian. */
    static String base64(JsonNode vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode x : vector) {
            b.putFloat((float) x.asDouble());
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** A translator's stream for an API that never streams: nothing is translated. */
    public static ChatStream noStream() {
        return new ChatStream() {
            @Override
            public void event(String name, String data, java.util.function.Consumer<byte[]> out) {}

            @Override
            public void end(boolean complete, java.util.function.Consumer<byte[]> out) {}
        };
    }
}
