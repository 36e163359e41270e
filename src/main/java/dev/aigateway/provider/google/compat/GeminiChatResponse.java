package dev.aigateway.provider.google.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.compat.OpenAiShapes;

/**
 * A Gemini {@code generateContent} answer as an OpenAI {@code chat.completion}: the first candidate's text parts
 * joined into {@code content}, thought parts into {@code reasoning_content}, {@code functionCall} parts as
 * {@code tool_calls} (ids Gemini gives, else {@code call_<n>}), finish reasons ({@code STOP} → {@code stop}, or
 * {@code tool_calls} when the answer calls tools; {@code MAX_TOKENS} → {@code length}; {@code SAFETY} and the other
 * blocking reasons → {@code content_filter}), {@code usageMetadata} as usage ({@code completion_tokens} includes
 * thoughts, as OpenAI's includes reasoning). Errors become the OpenAI error object. Pure.
 */
final class GeminiChatResponse {

    private GeminiChatResponse() {}

    static ObjectNode translate(ObjectNode answer, long created) {
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("id", answer.path("responseId").asText(""));
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", answer.path("modelVersion").asText(""));
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        JsonNode candidate = answer.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        StringBuilder thoughts = new StringBuilder();
        ArrayNode calls = OpenAiShapes.NODES.arrayNode();
        boolean anyText = false;
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                calls.add(toolCall(part, calls.size()));
            } else if (part.path("thought").asBoolean(false)) {
                thoughts.append(part.path("text").asText());
            } else if (part.has("text")) {
                anyText = true;
                text.append(part.path("text").asText());
            }
        }
        if (anyText) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (thoughts.length() > 0) {
            msg.put("reasoning_content", thoughts.toString());
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
        msg.putNull("refusal");
        choice.putNull("logprobs");
        String reason = candidate.path("finishReason").asText(null);
        if (reason == null && answer.path("promptFeedback").has("blockReason")) {
            reason = "SAFETY";
        }
        choice.put("finish_reason", finishReason(reason, !calls.isEmpty()));
        out.set("usage", usage(answer.path("usageMetadata")));
        return out;
    }

    /**
     * A {@code functionCall} part as a tool call; its {@code thoughtSignature} (which Gemini wants back with the call
     * in the next turn) rides in {@code extra_content.google.thought_signature}, as Google's own OpenAI-compatible
     * endpoint returns it.
     */
    static ObjectNode toolCall(JsonNode part, int index) {
        JsonNode fc = part.path("functionCall");
        ObjectNode call = OpenAiShapes.NODES.objectNode();
        call.put("id", fc.hasNonNull("id") ? fc.get("id").asText() : "call_" + index);
        call.put("type", "function");
        ObjectNode f = call.putObject("function");
        f.put("name", fc.path("name").asText());
        f.put(
                "arguments",
                OpenAiShapes.bytesAsString(fc.has("args") ? fc.get("args") : OpenAiShapes.NODES.objectNode()));
        if (part.hasNonNull("thoughtSignature")) {
            call.putObject("extra_content")
                    .putObject("google")
                    .put("thought_signature", part.get("thoughtSignature").asText());
        }
        return call;
    }

    static String finishReason(String reason, boolean calledTools) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "STOP" -> calledTools ? "tool_calls" : "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> calledTools ? "tool_calls" : "stop";
        };
    }

    /**
     * Gemini usage as OpenAI's: prompt = {@code promptTokenCount} (cached included) + tool-use prompt tokens;
     * completion = candidates + thoughts; {@code cached_tokens} = {@code cachedContentTokenCount}.
     */
    static ObjectNode usage(JsonNode u) {
        long prompt = u.path("promptTokenCount").asLong(0)
                + u.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = u.path("thoughtsTokenCount").asLong(0);
        long completion = u.path("candidatesTokenCount").asLong(0) + thoughts;
        ObjectNode out = OpenAiShapes.NODES.objectNode();
        out.put("prompt_tokens", prompt);
        out.put("completion_tokens", completion);
        out.put("total_tokens", prompt + completion);
        out.putObject("prompt_tokens_details")
                .put("cached_tokens", u.path("cachedContentTokenCount").asLong(0));
        out.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        return out;
    }

    /** A Google API error ({@code {"error":{"code","message","status"}}}) as the OpenAI error object. */
    static ObjectNode error(int status, byte[] body) {
        ObjectNode parsed = OpenAiShapes.object(body);
        JsonNode e = parsed == null ? null : parsed.get("error");
        String message = e == null ? null : e.path("message").asText(null);
        if (message == null) {
            message = "The provider answered with status " + status;
        }
        String type = status == 401 || status == 403
                ? "authentication_error"
                : status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
        return OpenAiShapes.error(
                message, type, null, e == null ? null : e.path("status").asText(null));
    }
}
