package dev.aigateway.provider.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAI Chat Completions shapes every translator answers in: error objects, stream chunks and their SSE framing,
 * and the shared JSON mapper (Jackson's tree model keeps field order and numbers as written).
 */
public final class OpenAiShapes {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The stream's end, after the last chunk. */
    public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private OpenAiShapes() {}

    /** {@code {"error":{"message","type","param","code"}}}, all four keys present as OpenAI sends them. */
    public static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode root = NODES.objectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }

    /** The 400 a {@link CompatRefusal} becomes. */
    public static byte[] refusal(CompatRefusal r) {
        return bytes(error(r.getMessage(), "invalid_request_error", r.param(), "unsupported_parameter"));
    }

    /** A chunk shell: id, object, created, model, and one choice (index 0) whose delta the caller fills. */
    public static ObjectNode chunk(String id, long created, String model, boolean usageNull) {
        ObjectNode c = NODES.objectNode();
        c.put("id", id);
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", model);
        c.putArray("choices");
        if (usageNull) {
            c.putNull("usage");
        }
        return c;
    }

    /** Adds the choice with {@code delta} and {@code finish_reason} (null: still going) to a chunk shell. */
    public static ObjectNode choice(ObjectNode chunk, String finishReason) {
        ObjectNode choice = ((com.fasterxml.jackson.databind.node.ArrayNode) chunk.get("choices")).addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return delta;
    }

    /** One SSE event carrying {@code node}: {@code data: …\n\n}. */
    public static byte[] event(JsonNode node) {
        byte[] json = bytes(node);
        byte[] out = new byte[json.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(json, 0, out, 6, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node serialised as a JSON string (a tool call's {@code arguments}). */
    public static String bytesAsString(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /** Parses a JSON object; null when {@code bytes} is not one. */
    public static ObjectNode object(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n instanceof ObjectNode o ? o : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Parses a JSON object; null when {@code text} is not one. */
    public static ObjectNode object(String text) {
        return object(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code data:<type>;base64,<data>} image URL's parts. */
    public record DataUrl(String mediaType, String data) {}

    /**
     * The parts of an OpenAI {@code image_url} that is a data URL; null for any other URL.
     *
     * @throws CompatRefusal a data URL that is not base64
     */
    public static DataUrl dataUrl(String url, String where) {
        if (!url.startsWith("data:")) {
            return null;
        }
        int semi = url.indexOf(";base64,");
        if (semi < 0) {
            throw new CompatRefusal(where + ": a data URL image must be base64", where);
        }
        return new DataUrl(url.substring("data:".length(), semi), url.substring(semi + ";base64,".length()));
    }

    /**
     * An OpenAI tool call's {@code arguments} string as the JSON object it holds (an empty object when blank).
     *
     * @throws CompatRefusal with {@code message} when it is not a JSON object
     */
    public static ObjectNode toolArguments(String arguments, String message, String where) {
        if (arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            if (JSON.readTree(arguments) instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // refused below
        }
        throw new CompatRefusal(message, where);
    }
}
