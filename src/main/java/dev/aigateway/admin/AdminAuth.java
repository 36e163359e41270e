package dev.aigateway.admin;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.TokenDigest;
import jakarta.inject.Singleton;
import java.util.List;

/** Admin tokens of the management API ({@code Authorization: Bearer}), separate from gateway tokens. */
@Singleton
public class AdminAuth {

    private final List<byte[]> digests;

    public AdminAuth(GatewayConfig config) {
        this.digests = config.admin().tokens().orElse(List.of()).stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(TokenDigest::of)
                .toList();
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** Constant-time check of an {@code Authorization} header value. */
    public boolean accepts(String authorization) {
        return authorization != null
                && TokenDigest.matchesAny(digests, CredentialResolver.withoutScheme(authorization));
    }
}
