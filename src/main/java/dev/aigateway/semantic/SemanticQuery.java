package dev.aigateway.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aigateway.provider.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the semantic cache compares of a chat request, read from its body (off the event loops): the text of the last
 * user turn (embedded) and the exact <b>partition</b> everything else must match — a SHA-256 over the scope (gateway,
 * provider and ingress format, upstream URL, behaviour-changing headers, credential hash) and the whole body with that
 * one text replaced by a placeholder. So the model, system prompt, tools, {@code response_format}, sampling parameters,
 * the stream flag and every earlier turn are compared byte for byte: two requests differing in any of them never share
 * a partition, and only the last user turn's wording may differ between a prompt and the one that answers it.
 *
 * <p>A body qualifies when its format is a chat API ({@link #qualifies}) and its last turn is a user turn made of text
 * only (no image, audio, file or tool result); anything else is not looked up.
 *
 * @param partition hex SHA-256 of the scope and the body without the last user text
 * @param text the last user turn's text (its text parts joined by newlines), at most the configured length
 */
public record SemanticQuery(String partition, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "\u0000semantic\u0000";

    /** The chat APIs whose requests are looked up: OpenAI chat and Responses, Anthropic messages, Gemini. */
    public static boolean qualifies(WireFormat format) {
        return format == WireFormat.OPENAI_CHAT
                || format == WireFormat.OPENAI_RESPONSES
                || format == WireFormat.ANTHROPIC_MESSAGES
                || format == WireFormat.GEMINI
                || format == WireFormat.GEMINI_STREAM;
    }

    /**
     * The query of a body, or null when it does not qualify.
     *
     * @param scope the exact part of the partition that is not in the body (see {@link SemanticScope})
     * @param maxChars the longest text embedded; a longer last turn is not looked up (it would be cut)
     */
    public static SemanticQuery of(WireFormat format, Buffer body, byte[] scope, int maxChars) {
        if (body == null || body.length() == 0 || !qualifies(format)) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body.getBytes());
        } catch (Exception e) {
            return null;
        }
        if (!(root instanceof ObjectNode object)) {
            return null;
        }
        String text =
                switch (format) {
                    case OPENAI_CHAT -> lastTurn(object.get("messages"), "role", "user", "content", "text", "text");
                    case ANTHROPIC_MESSAGES ->
                        lastTurn(object.get("messages"), "role", "user", "content", "text", "text");
                    case OPENAI_RESPONSES -> responsesInput(object);
                    case GEMINI, GEMINI_STREAM -> geminiTurn(object);
                    default -> null;
                };
        if (text == null || text.isBlank() || text.length() > maxChars) {
            return null;
        }
        MessageDigest sha = sha256();
        sha.update(scope);
        try {
            sha.update(JSON.writeValueAsBytes(object)); // the text replaced by the placeholder
        } catch (Exception e) {
            return null;
        }
        return new SemanticQuery(HexFormat.of().formatHex(sha.digest()), text.strip());
    }

    /**
     * The text of the last element of {@code turns} when its role is {@code role} and its content is a string or an
     * array of parts all of type {@code textType}; the text is replaced in place by the placeholder.
     */
    private static String lastTurn(
            JsonNode turns, String roleField, String role, String contentField, String textType, String textField) {
        if (!(turns instanceof ArrayNode array) || array.isEmpty()) {
            return null;
        }
        JsonNode last = array.get(array.size() - 1);
        if (!(last instanceof ObjectNode turn)
                || !role.equals(turn.path(roleField).asText(null))) {
            return null;
        }
        JsonNode content = turn.get(contentField);
        if (content instanceof TextNode t) {
            turn.put(contentField, PLACEHOLDER);
            return t.textValue();
        }
        return textParts(content, textType, textField);
    }

    /** All parts of type {@code textType} (or without a type, when {@code textType} is null): joined; else null. */
    private static String textParts(JsonNode content, String textType, String textField) {
        if (!(content instanceof ArrayNode parts) || parts.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode p : parts) {
            if (!(p instanceof ObjectNode part)
                    || (textType != null && !textType.equals(part.path("type").asText(null)))
                    || (textType == null && part.size() != 1)
                    || !(part.get(textField) instanceof TextNode t)) {
                return null; // an image, a file, a tool result: not compared by meaning
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(t.textValue());
            part.put(textField, PLACEHOLDER);
        }
        return text.toString();
    }

    /** Responses: {@code input} as a string, or its last item a user message (string or {@code input_text} parts). */
    private static String responsesInput(ObjectNode object) {
        JsonNode input = object.get("input");
        if (input instanceof TextNode t) {
            object.put("input", PLACEHOLDER);
            return t.textValue();
        }
        if (!(input instanceof ArrayNode items) || items.isEmpty()) {
            return null;
        }
        JsonNode last = items.get(items.size() - 1);
        if (!(last instanceof ObjectNode item)
                || !"user".equals(item.path("role").asText(null))
                || !(item.path("type").isMissingNode()
                        || "message".equals(item.path("type").asText()))) {
            return null;
        }
        JsonNode content = item.get("content");
        if (content instanceof TextNode t) {
            item.put("content", PLACEHOLDER);
            return t.textValue();
        }
        return textParts(content, "input_text", "text");
    }

    /** Gemini: the last of {@code contents}, role user (or none), made of text parts only. */
    private static String geminiTurn(ObjectNode object) {
        JsonNode contents = object.get("contents");
        if (!(contents instanceof ArrayNode array) || array.isEmpty()) {
            return null;
        }
        JsonNode last = array.get(array.size() - 1);
        if (!(last instanceof ObjectNode turn)) {
            return null;
        }
        String role = turn.path("role").asText("user");
        if (!"user".equals(role)) {
            return null;
        }
        return textParts(turn.get("parts"), null, "text");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so no two different field lists hash the same bytes. */
    static void field(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (bytes.length >>> 24));
        sha.update((byte) (bytes.length >>> 16));
        sha.update((byte) (bytes.length >>> 8));
        sha.update((byte) bytes.length);
        sha.update(bytes);
    }
}
