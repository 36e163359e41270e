package dev.aigateway.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.ChatTargets;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.CompatRefusal;
import dev.aigateway.provider.compat.OpenAiShapes;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.util.function.Predicate;

/**
 * The unified API's generation endpoints — {@code …/compat/chat/completions} (ingress {@link WireFormat#OPENAI_CHAT})
 * and {@code …/compat/messages} ({@link WireFormat#ANTHROPIC_MESSAGES}): reads the model's provider prefix and works
 * out the call to the target — the body untouched but for {@code model} when the target speaks the client's format,
 * else the pair's translator's request.
 */
@Singleton
public class UnifiedChat {

    private final ChatTargets targets;

    public UnifiedChat(GatewayConfig config) {
        this.targets = new ChatTargets(
                config.compat().defaultMaxTokens(),
                config.compat().vertexProject().orElse(null),
                config.compat().vertexRegion());
    }

    /** {@link #prepare(WireFormat, Buffer, Predicate)} for the chat endpoint. */
    public CompatCall prepare(Buffer body, Predicate<String> providerExists) {
        return prepare(WireFormat.OPENAI_CHAT, body, providerExists);
    }

    /**
     * @param ingress the format the client speaks
     * @param body the client's whole body
     * @param providerExists whether a provider slug is configured (built in or custom)
     * @throws GatewayException no prefix (2019), unknown provider (2008), a provider it cannot reach (2108)
     * @throws CompatRefusal a body or parameter the target cannot take (400 in the client's error shape)
     */
    public CompatCall prepare(WireFormat ingress, Buffer body, Predicate<String> providerExists) {
        byte[] bytes = body.getBytes();
        // The model is read first with a streaming parser: a passthrough body is never parsed whole.
        String name = ModelSwap.model(bytes);
        if (name == null) {
            throw new CompatRefusal("'model' is required: {provider}/{model}", "model");
        }
        CompatModel parsed = CompatModel.parse(name);
        CompatModel model = new CompatModel(parsed.slug(), targets.canonicalModel(parsed.slug(), parsed.model()));
        if (!providerExists.test(model.slug())) {
            throw new GatewayException(GatewayError.INVALID_PROVIDER, "Invalid provider: " + printable(model.slug()));
        }
        ChatTargets.Target target = targets.target(ingress, model.slug(), model.model())
                .orElseThrow(() -> new GatewayException(
                        GatewayError.UNSUPPORTED_COMPAT_TARGET,
                        "Provider " + printable(model.slug()) + " is not supported by "
                                + CompatCall.endpoint(ingress) + "; supported: "
                                + String.join(", ", targets.supportedPrefixes(ingress))));
        if (ingress == WireFormat.OPENAI_RESPONSES) { // stateless on every target, passthrough too
            ObjectNode whole = OpenAiShapes.object(bytes);
            if (whole == null) {
                throw new CompatRefusal("The request body must be a JSON object", null);
            }
            ChatTargets.refuseStateful(ingress, whole);
        }
        if (target.passthrough()) {
            return new CompatCall(
                    ingress,
                    model.slug(),
                    model.model(),
                    target.path(model.model(), false),
                    Buffer.buffer(ModelSwap.replace(bytes, target.bodyModel(model.model()))),
                    null,
                    target.requiredHeaders(),
                    false);
        }
        String bodyModel = target.bodyModel(model.model()); // a model that is part of the path is checked first
        ObjectNode request = OpenAiShapes.object(bytes);
        if (request == null) {
            throw new CompatRefusal("The request body must be a JSON object", null);
        }
        boolean stream = request.path("stream").asBoolean(false);
        boolean includeUsage =
                request.path("stream_options").path("include_usage").asBoolean(false);
        byte[] translated = target.translator().request(request, bodyModel);
        return new CompatCall(
                ingress,
                model.slug(),
                model.model(),
                target.path(model.model(), stream),
                Buffer.buffer(translated),
                target.translator(),
                target.requiredHeaders(),
                includeUsage);
    }

    /** The model prefix that names a dynamic route ({@code dynamic/<route>}). */
    public static final String DYNAMIC = "dynamic/";

    /** The route a body's model names ({@code dynamic/<route>}); null when it names a model. */
    public static String dynamicRoute(Buffer body) {
        String name = ModelSwap.model(body.getBytes());
        return name != null && name.startsWith(DYNAMIC) ? name.substring(DYNAMIC.length()) : null;
    }

    /** The body with its model replaced (a dynamic route's model element: {@code {provider}/{model}}). */
    public static Buffer withModel(Buffer body, String model) {
        return Buffer.buffer(ModelSwap.replace(body.getBytes(), model));
    }

    /** Whether the chat endpoint can reach provider {@code slug}. */
    public boolean reaches(String slug) {
        return targets.target(slug).isPresent() && ChatTargets.listed(slug);
    }

    /** A refusal as the body of the 400 the client gets, in its own format's error shape. */
    public static byte[] refusal(WireFormat ingress, CompatRefusal r) {
        return ChatTargets.refusal(ingress, r);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^A-Za-z0-9_.@:-]", "?");
    }
}
