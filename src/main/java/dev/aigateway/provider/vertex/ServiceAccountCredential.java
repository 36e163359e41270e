package dev.aigateway.provider.vertex;

import dev.aigateway.provider.UpstreamCredential;
import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** A stored service account on one Vertex AI call: its access token (cached, see {@link ServiceAccountTokens}) as the bearer. */
public final class ServiceAccountCredential implements UpstreamCredential {

    private final ServiceAccount account;
    private final ServiceAccountTokens tokens;
    private volatile String token;

    public ServiceAccountCredential(ServiceAccount account, ServiceAccountTokens tokens) {
        this.account = account;
        this.tokens = tokens;
    }

    @Override
    public boolean coversBody() {
        return false;
    }

    @Override
    public Future<Void> ready() {
        return tokens.token(account).map(t -> {
            token = t;
            return null;
        });
    }

    @Override
    public void apply(HttpMethod method, UpstreamUrl url, MultiMap headers, Buffer body) {
        headers.set("authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
        return "ServiceAccountCredential[" + account.clientEmail() + "]";
    }
}
