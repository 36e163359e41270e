package dev.aigateway.provider;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * A stored credential the gateway turns into the provider's own credential for each call, where a static header will
 * not do: an access token minted from a service-account key (fetched, cached), or a request signature computed over
 * the exact request sent. Made per call by {@link StoredCredentials}; the secrets stay inside it (its
 * {@code toString} shows none).
 */
public interface UpstreamCredential {

    /** Whether the signature covers the request body (then the gateway holds the body to send it as signed). */
    boolean coversBody();

    /**
     * What has to be fetched before the call can be made (an access token: cached, shared by concurrent calls).
     * Completes on any thread; fails with a {@link dev.aigateway.error.GatewayException} whose message names no
     * secret.
     */
    Future<Void> ready();

    /**
     * Sets the credential headers of one attempt, after {@link #ready} succeeded; runs on the event loop, cheap.
     *
     * @param headers the headers going upstream (changed here)
     * @param body the exact body sent, or null when none is held (then {@link #coversBody} is false)
     */
    void apply(HttpMethod method, UpstreamUrl url, MultiMap headers, Buffer body);
}
