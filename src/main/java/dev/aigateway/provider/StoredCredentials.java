package dev.aigateway.provider;

import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.bedrock.BedrockKeyCredential;
import dev.aigateway.provider.vertex.ServiceAccount;
import dev.aigateway.provider.vertex.ServiceAccountCredential;
import dev.aigateway.provider.vertex.ServiceAccountTokens;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stored keys that are more than a header value: a Vertex AI service-account key (the gateway mints and caches access
 * tokens) and a Bedrock access key (the gateway signs each request with SigV4). Every other stored key is sent as the
 * provider's credential header, as before. Keys are parsed once (they come from configuration: bounded).
 */
@Singleton
public class StoredCredentials {

    static final String VERTEX = "google-vertex-ai";
    static final String BEDROCK = "aws-bedrock";
    /** The longest a token exchange may take. */
    static final long EXCHANGE_TIMEOUT_MILLIS = 10_000;

    private final ServiceAccountTokens tokens;
    private final Clock clock;
    /** Slug and stored key → its parsed form (a service account, an access key, or none: a plain key). */
    private final Map<String, Optional<Object>> parsed = new ConcurrentHashMap<>();

    public StoredCredentials(Vertx vertx) {
        this.clock = Clock.systemUTC();
        this.tokens = new ServiceAccountTokens(vertx, System::currentTimeMillis, EXCHANGE_TIMEOUT_MILLIS);
    }

    /**
     * The credential a stored key becomes for one call of {@code provider}; null when the key is a plain one (the
     * caller sets the provider's credential header).
     *
     * @param providerPath the call's path after the slug (the region a signature is for)
     * @throws GatewayException when the key has a special form but cannot be used (the message names no secret)
     */
    public UpstreamCredential of(Provider provider, String storedKey, String alias, String providerPath) {
        String slug = provider.slug();
        if (!slug.equals(VERTEX) && !slug.equals(BEDROCK)) {
            return null;
        }
        String id = slug + '\n' + storedKey;
        Optional<Object> form = parsed.get(id);
        if (form == null) {
            form = Optional.ofNullable(
                    slug.equals(VERTEX)
                            ? ServiceAccount.parse(storedKey, alias)
                            : BedrockKeyCredential.parse(storedKey, alias));
            parsed.put(id, form);
        }
        if (form.isEmpty()) {
            return null;
        }
        Object key = form.get();
        if (key instanceof ServiceAccount account) {
            return new ServiceAccountCredential(account, tokens);
        }
        return BedrockKeyCredential.of((BedrockKeyCredential.AccessKey) key, providerPath, clock);
    }

    void close(@Observes ShutdownEvent event) {
        tokens.close();
    }
}
