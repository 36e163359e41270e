package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.compat.ResponseTranslation;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderClient;
import dev.aigateway.provider.UpstreamCredential;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.routing.KeyPool;
import dev.aigateway.routing.RetryPolicy;
import dev.aigateway.routing.UpstreamFailure;
import dev.aigateway.semantic.SemanticCache;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.function.Supplier;

/**
 * One provider call that passed the synchronous checks (gateway, provider, credentials, URL), ready to be admitted and
 * made.
 *
 * @param path the provider path as the client sent it
 * @param incoming the headers the call was made with (a Universal step: the outer headers merged with the step's)
 * @param upstreamHeaders the headers going to the provider
 * @param cache the cache directive, null when the call is not cached
 * @param declaredLength the request body's length, -1 when unknown (streamed without Content-Length)
 * @param body the body to send when the gateway has it already (a Universal step); null: the client's is read
 * @param injectUsage ask a chat completion stream for its usage (the client did not) and hide it from the client
 * @param format the call's wire format (from the provider's rules and the upstream path), worked out once here
 * @param compat a unified-API call (a Universal {@code "provider":"compat"} step): its ingress format and the answer's
 *     translation toward the client; null for a native call
 * @param credential a stored key the gateway turns into the provider's credential: made ready once before the first
 *     attempt ({@link #credentialReady}), applied to each attempt's headers ({@link #applyCredential}: a signature
 *     over the exact bytes sent); null when the headers carry the credential
 */
record PreparedCall(
        GatewaySettings gateway,
        Provider provider,
        ProviderClient client,
        String path,
        MultiMap incoming,
        MultiMap upstreamHeaders,
        UpstreamUrl url,
        CacheDirective cache,
        long declaredLength,
        Buffer body,
        RetryPolicy policy,
        boolean injectUsage,
        WireFormat format,
        Compat compat,
        KeyPool keys,
        UpstreamCredential credential) {

    /**
     * @param ingress the log row's name of the client's format ({@code openai.chat})
     * @param translation a fresh translation of the answer per attempt of the step; null: passthrough
     */
    record Compat(String ingress, Supplier<ResponseTranslation> translation) {

        /** A fresh translation of the answer toward the client; null when the client gets it as it is. */
        ResponseTranslation newTranslation() {
            return translation == null ? null : translation.get();
        }
    }

    /** This call as a unified-API call. */
    PreparedCall withCompat(Compat c) {
        return new PreparedCall(
                gateway,
                provider,
                client,
                path,
                incoming,
                upstreamHeaders,
                url,
                cache,
                declaredLength,
                body,
                policy,
                injectUsage,
                format,
                c,
                keys,
                credential);
    }

    /** Whether the call needs the admission step (otherwise it is streamed straight through). */
    boolean needsAdmission() {
        return cache != null
                || !gateway.limits().isEmpty()
                || !gateway.spendLimits().isEmpty()
                || policy.maxAttempts() > 1
                || keys != null && keys.size() > 1
                || injectUsage
                || signsBody()
                || SemanticCache.applies(gateway, format);
    }

    /** How many attempts the call may make with its body in hand: a balanced call tries each member once. */
    int attemptsWithBody() {
        return keys == null ? policy.maxAttempts() : Math.max(policy.maxAttempts(), keys.size());
    }

    /**
     * Completes, on any thread, with null when the call may go (no stored credential, or it is ready: an access token
     * fetched or taken from the cache), or with the failure to report: another step may serve, else the client gets
     * the credential's error.
     */
    Future<UpstreamFailure> credentialReady() {
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

    /** Sets the stored credential's headers of one attempt sending {@code body} (null: none held): a fresh signature. */
    void applyCredential(HttpMethod method, Buffer body) {
        if (credential != null) {
            credential.apply(method, url, upstreamHeaders, body);
        }
    }

    /** Whether the call's credential signs the body (then the body is held and sent as signed). */
    boolean signsBody() {
        return credential != null && credential.coversBody();
    }

    /**
     * Whether the gateway limits tokens or spend (then the response's usage is read to settle the reservation).
     */
    boolean tokenLimits() {
        return tokenLimits(gateway);
    }

    static boolean tokenLimits(GatewaySettings gateway) {
        if (!gateway.spendLimits().isEmpty()) {
            return true; // spend limits settle from the usage too
        }
        if (gateway.limits().isEmpty()) {
            return false; // (no stream for the common case)
        }
        for (LimitRule rule : gateway.limits()) {
            if (rule.tokens()) {
                return true;
            }
        }
        return false;
    }
}
