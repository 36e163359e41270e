package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.cache.CacheKey;
import io.vertx.core.buffer.Buffer;

/** A request's exact cache key and its semantic partition's scope, from what {@link Admission} knows of it. */
final class RequestKeys {

    private RequestKeys() {}

    /** The scope of a semantic partition: what the exact key hashes but the body. */
    static byte[] scope(RequestContext ctx, PreparedCall call) {
        String ingress = ctx.ingress() == null ? "" : " ingress=" + ctx.ingress();
        return CacheKey.scope(
                ctx.gateway(),
                ctx.provider() + ingress,
                ctx.request().method().name(),
                call.url(),
                call.upstreamHeaders(),
                call.provider().credentialHeaders());
    }

    /** The exact cache key: computed from the request, or the client's {@code cf-aig-cache-key}. */
    static CacheKey key(RequestContext ctx, PreparedCall call, Buffer body) {
        CacheDirective directive = call.cache();
        // A unified-API request is answered in its own format: it never shares an entry with a native one.
        String ingress = ctx.ingress() == null ? "" : " ingress=" + ctx.ingress();
        return directive.customKey() != null
                ? CacheKey.custom(
                        ctx.gateway(),
                        directive.customKey() + ingress,
                        CacheKey.credential(
                                call.upstreamHeaders(),
                                call.provider().credentialHeaders(),
                                call.url().uri()))
                : CacheKey.computed(
                        ctx.gateway(),
                        ctx.provider() + ingress,
                        ctx.request().method().name(),
                        call.url(),
                        call.upstreamHeaders(),
                        call.provider().credentialHeaders(),
                        body);
    }
}
