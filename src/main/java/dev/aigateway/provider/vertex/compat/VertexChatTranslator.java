package dev.aigateway.provider.vertex.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.provider.anthropic.compat.AnthropicChatTranslator;
import dev.aigateway.provider.compat.ChatStream;
import dev.aigateway.provider.compat.ChatTranslator;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import dev.aigateway.provider.google.compat.GeminiChatTranslator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unified API's chat endpoint to Vertex AI: the model is {@code {project}/{region}/{model}}. A Claude model goes
 * to Anthropic's publisher through {@code rawPredict} / {@code streamRawPredict} with the Anthropic translator (the
 * body without {@code model}, with {@code anthropic_version: vertex-2023-10-16}, as Vertex requires); any other model
 * to Google's publisher through {@code generateContent} / {@code streamGenerateContent?alt=sse} with the Gemini
 * translator. Answers are the publisher's own format, so they are translated back by the same translator. The
 * client's {@code Authorization: Bearer} (a Google access token) stays where Vertex reads it.
 */
public final class VertexChatTranslator implements ChatTranslator {

    /** The {@code anthropic_version} Vertex AI takes in the body. */
    static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

    /** Google Cloud project id, region, then the publisher's model (Claude's carry {@code @version}). */
    private static final Pattern MODEL =
            Pattern.compile("([a-z][a-z0-9-]{4,61}[a-z0-9])/([a-z0-9-]{1,40})/([A-Za-z0-9][A-Za-z0-9._@-]{0,127})");

    private final ChatTranslator delegate;
    private final AnthropicChatTranslator anthropic;

    private VertexChatTranslator(ChatTranslator delegate, AnthropicChatTranslator anthropic) {
        this.delegate = delegate;
        this.anthropic = anthropic;
    }

    /** The translator for this Vertex model name: Anthropic's publisher for a Claude model, else Google's. */
    public static VertexChatTranslator of(
            String model, AnthropicChatTranslator anthropic, GeminiChatTranslator gemini) {
        return isClaude(model)
                ? new VertexChatTranslator(anthropic, anthropic)
                : new VertexChatTranslator(gemini, null);
    }

    /** Whether a Vertex model name ({@code {project}/{region}/{model}}) names a Claude model. */
    public static boolean isClaude(String model) {
        if (model == null) {
            return false;
        }
        int slash = model.lastIndexOf('/');
        return model.startsWith("claude", slash + 1);
    }

    static Matcher parts(String model) {
        Matcher m = MODEL.matcher(model);
        if (!m.matches()) {
            throw new CompatRefusal(
                    "A Vertex AI model is google-vertex-ai/{project}/{region}/{model}, e.g. "
                            + "google-vertex-ai/my-project/us-east5/claude-sonnet-4-5@20250929, or "
                            + "google-vertex-ai/{publisher}/{model} (google/gemini-2.5-pro) when the gateway sets "
                            + "gateway.compat.vertex-project",
                    "model");
        }
        return m;
    }

    @Override
    public byte[] request(ObjectNode chat, String model) {
        String name = parts(model).group(3);
        if (anthropic == null) {
            return delegate.request(chat, name);
        }
        ObjectNode messages = anthropic.requestTree(chat, name);
        messages.remove("model"); // the URL names it
        messages.put("anthropic_version", ANTHROPIC_VERSION);
        return OpenAiShapes.bytes(messages);
    }

    @Override
    public String path(String model, boolean stream) {
        return path(model, stream, anthropic != null);
    }

    /** The publisher's method path of {@code {project}/{region}/{model}}: Anthropic's raw predictions or Gemini's. */
    static String path(String model, boolean stream, boolean claude) {
        Matcher m = parts(model);
        String method = claude
                ? (stream ? ":streamRawPredict" : ":rawPredict")
                : (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return "/v1/projects/" + m.group(1) + "/locations/" + m.group(2) + "/publishers/"
                + (claude ? "anthropic" : "google") + "/models/" + m.group(3) + method;
    }

    @Override
    public String[] clientOnlyHeaders() {
        return delegate.clientOnlyHeaders();
    }

    @Override
    public byte[] response(byte[] body, long created) {
        return delegate.response(body, created);
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        return delegate.stream(includeUsage, created);
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return delegate.error(status, body);
    }
}
