package dev.aigateway.provider;

import io.vertx.core.MultiMap;

/** Maps the part of a gateway URL after the provider slug onto the provider's own URL. */
@FunctionalInterface
public interface UpstreamPaths {

    /**
     * @param request what the gateway URL said: account id, raw provider path ("" or starting with "/"), raw query
     * @param baseUrl the provider's configured base URL (may hold template variables the rule fills in)
     */
    UpstreamUrl resolve(PathRequest request, String baseUrl);

    /** The parts of the incoming request a path rule may read. */
    record PathRequest(String accountId, String providerPath, String rawQuery, MultiMap headers) {}
}
