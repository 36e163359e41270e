package dev.aigateway.proxy;

import dev.aigateway.compat.CompatCall;
import dev.aigateway.compat.UnifiedChat;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.compat.CompatRefusal;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;

/**
 * A unified-API request's call to its target, for the compat endpoints ({@link CompatChat}) and for a Universal step
 * whose provider is {@code compat}: {@link UnifiedChat} works out the target (provider, path, body translated or
 * passed through), the client's key moves into the target's credential slot, and the call is prepared as any other
 * ({@link CallPreparer#prepare} with the body held), carrying its ingress format and the answer's translation
 * ({@link PreparedCall.Compat}).
 */
@Singleton
class CompatTarget {

    /** The Universal step provider that means "the unified API". */
    static final String STEP_PROVIDER = "compat";

    private final UnifiedChat unified;
    private final ProviderCatalogue catalogue;
    private final long maxTranslatedBytes;

    CompatTarget(GatewayConfig config, UnifiedChat unified, ProviderCatalogue catalogue) {
        this.unified = unified;
        this.catalogue = catalogue;
        this.maxTranslatedBytes =
                Math.max(16L << 20, config.logs().maxPayloadBytes().asLongValue());
    }

    /**
     * @param client the headers the client sent (a Universal step: the outer ones merged with the step's)
     * @throws CompatRefusal a parameter the target cannot honour
     * @throws GatewayException no prefix, unknown or unsupported provider, and what {@link CallPreparer#prepare} refuses
     */
    PreparedCall prepare(
            CallPreparer preparer,
            RequestContext ctx,
            GatewaySettings gateway,
            WireFormat ingress,
            Buffer body,
            MultiMap client,
            String clientQuery) {
        CompatCall compat =
                unified.prepare(ingress, body, slug -> catalogue.find(slug).isPresent());
        Provider provider = catalogue.find(compat.slug()).orElseThrow();
        MultiMap incoming = targetHeaders(client, provider, compat);
        String path = compat.path();
        String query = clientQuery;
        int q = path.indexOf('?');
        if (q >= 0) { // the target's method needs a query of its own (a stream's alt=sse)
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        Route route = new Route(ctx.route().accountId(), ctx.route().gatewayId(), compat.slug(), path);
        String name = CompatCall.ingressName(ingress);
        ctx.ingress(name);
        PreparedCall call = preparer.prepare(ctx, gateway, route, incoming, query, null, compat.body());
        return call.withCompat(new PreparedCall.Compat(
                name, compat.translator() == null ? null : () -> compat.responseTranslation(maxTranslatedBytes)));
    }

    /**
     * A Universal step {@code {"provider":"compat","endpoint":"chat/completions"}} (OpenAI Chat in, the answer in
     * OpenAI Chat) or {@code "messages"} (Anthropic Messages in and out), its model {@code {provider}/{model}}: the
     * call the compat endpoint would make. A parameter the target cannot honour is a 400 in the gateway's envelope
     * (the steps are checked before the first one runs).
     *
     * @param path the step's endpoint as a provider path ({@code /chat/completions})
     */
    PreparedCall step(
            CallPreparer preparer,
            RequestContext ctx,
            GatewaySettings gateway,
            String path,
            MultiMap incoming,
            String rawQuery,
            byte[] body) {
        WireFormat ingress = path.equals("/chat/completions")
                ? WireFormat.OPENAI_CHAT
                : path.equals("/messages") || path.equals("/v1/messages") ? WireFormat.ANTHROPIC_MESSAGES : null;
        if (ingress == null) {
            throw new GatewayException(
                    GatewayError.INVALID_UNIVERSAL_REQUEST,
                    "a 'compat' step's endpoint is chat/completions or messages");
        }
        try {
            return prepare(preparer, ctx, gateway, ingress, Buffer.buffer(body), incoming, rawQuery);
        } catch (CompatRefusal r) {
            throw new GatewayException(GatewayError.BAD_REQUEST, r.getMessage());
        }
    }

    /**
     * The client's headers as the target takes them: the key from the ingress formats' slots ({@code Authorization:
     * Bearer}, {@code x-api-key}) moved into the target's credential header with its scheme, the headers the target
     * requires added, the ingress format's own headers the target ignores dropped, body framing dropped (the gateway
     * sends its own body).
     */
    static MultiMap targetHeaders(MultiMap client, Provider provider, CompatCall compat) {
        String[] required = compat.requiredHeaders();
        MultiMap out = HttpHeaders.headers();
        for (Map.Entry<String, String> h : client) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("expect")) {
                out.add(name, h.getValue());
            }
        }
        String slot = provider.credential().header().toLowerCase(Locale.ROOT);
        String key = null;
        for (String source : new String[] {"authorization", "x-api-key"}) {
            String value = out.get(source);
            if (value != null && !source.equals(slot)) {
                out.remove(source);
                key = key == null ? value : key;
            }
        }
        if (key != null && !out.contains(slot)) {
            out.set(slot, provider.credential().value(CredentialResolver.withoutScheme(key)));
        }
        for (String h : compat.clientOnlyHeaders()) {
            out.remove(h);
        }
        for (int i = 0; i + 1 < required.length; i += 2) {
            if (!out.contains(required[i])) {
                out.set(required[i], required[i + 1]);
            }
        }
        out.set("content-type", "application/json");
        return out;
    }
}
