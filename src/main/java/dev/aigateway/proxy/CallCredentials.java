package dev.aigateway.proxy;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.UpstreamCredential;
import dev.aigateway.routing.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * A call's stored credential that the gateway makes per call ({@link PreparedCall#credential}): made ready once before
 * the first attempt (an access token fetched or taken from the cache), applied to each attempt's headers (a
 * signature over the exact bytes sent).
 */
final class CallCredentials {

    private CallCredentials() {}

    /**
     * Completes, on any thread, with null when the call may go (no stored credential, or it is ready), or with the
     * failure to report: another step may serve, else the client gets the credential's error.
     */
    static Future<UpstreamFailure> ready(PreparedCall call) {
        UpstreamCredential credential = call.credential();
        if (credential == null) {
            return Future.succeededFuture();
        }
        return credential
                .ready()
                .map(v -> (UpstreamFailure) null)
                .otherwise(e -> UpstreamFailure.credentials(
                        e instanceof GatewayException g
                                ? g
                                : new GatewayException(
                                        GatewayError.CREDENTIAL_FAILED, "Could not obtain the provider credential")));
    }

    /** Sets the credential headers of one attempt sending {@code body} (null: none held). */
    static void apply(PreparedCall call, HttpMethod method, Buffer body) {
        if (call.credential() != null) {
            call.credential().apply(method, call.url(), call.upstreamHeaders(), body);
        }
    }
}
