package dev.aigateway.proxy;

import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.logs.Metadata;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.request.BodyFacts;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one call costs under each of its gateway's limit rules: the rule's counter for the request's identifier
 * (header, metadata entry, credential, gateway token, client address or the whole gateway) and the cost (1, or a token
 * estimate from the body's size and output cap). A request without a rule's identifier is not counted by that rule.
 */
final class LimitCharges {

    private LimitCharges() {}

    /** @param body the whole request body, or null when it is streamed */
    static List<Charge> of(RequestContext ctx, PreparedCall call, RateLimiter limiter, Buffer body, BodyFacts facts) {
        GatewaySettings gateway = call.gateway();
        List<Charge> charges = new ArrayList<>(gateway.limits().size());
        for (LimitRule rule : gateway.limits()) {
            String id = identifier(ctx, call, rule.identifier());
            if (id == null) {
                continue; // requests without this identifier are not counted by this rule
            }
            long cost = rule.tokens()
                    ? limiter.tokenEstimate(rule, body == null ? 0 : body.length(), facts.maxOutputTokens())
                    : 1;
            boolean everyone = rule.identifier().source() == LimitRule.Source.GATEWAY;
            charges.add(Charge.of(gateway.id(), rule, everyone ? null : id, cost));
        }
        return charges;
    }

    private static String identifier(RequestContext ctx, PreparedCall call, LimitRule.Identifier id) {
        MultiMap incoming = call.incoming();
        String value =
                switch (id.source()) {
                    case GATEWAY -> "";
                    case HEADER -> incoming.get(id.name());
                    case METADATA -> {
                        Object v = metadata(ctx, incoming).get(id.name());
                        yield v == null ? null : v.toString();
                    }
                    case CREDENTIAL -> credential(call);
                    case TOKEN -> gatewayToken(call);
                    case IP -> ctx.clientIp(call.gateway().trustedProxies());
                };
        return value == null || (value.isBlank() && id.source() != LimitRule.Source.GATEWAY) ? null : value.strip();
    }

    /** The request's metadata, parsed once at the edge; a Universal step that sets its own header is read anew. */
    private static Map<String, Object> metadata(RequestContext ctx, MultiMap incoming) {
        String header = incoming.get(Metadata.HEADER);
        return Objects.equals(header, ctx.request().getHeader(Metadata.HEADER))
                ? ctx.metadata()
                : Metadata.parse(header);
    }

    private static String credential(PreparedCall call) {
        StringBuilder all = new StringBuilder();
        for (String h : call.provider().credentialHeaders()) {
            for (String v : call.upstreamHeaders().getAll(h)) {
                all.append(h)
                        .append('=')
                        .append(CredentialResolver.withoutScheme(v))
                        .append('\n');
            }
        }
        String query = call.url().uri();
        int k = query.indexOf("key=");
        if (all.isEmpty() && k > 0 && (query.charAt(k - 1) == '?' || query.charAt(k - 1) == '&')) {
            int end = query.indexOf('&', k);
            all.append(query, k, end < 0 ? query.length() : end);
        }
        return all.isEmpty() ? null : all.toString();
    }

    private static String gatewayToken(PreparedCall call) {
        MultiMap incoming = call.incoming();
        String header = incoming.get(CredentialResolver.GATEWAY_AUTHORIZATION);
        if (header != null) {
            return CredentialResolver.withoutScheme(header);
        }
        for (String slot : call.provider().credentialHeaders()) {
            String v = incoming.get(slot);
            if (v != null && call.gateway().acceptsToken(CredentialResolver.withoutScheme(v))) {
                return CredentialResolver.withoutScheme(v);
            }
        }
        return null;
    }
}
