package dev.aigateway.admin;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.TokenDigest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Admin tokens of the management API ({@code Authorization: Bearer}), separate from gateway tokens. */
@Singleton
public class AdminAuth {

    private final List<byte[]> digests;
    private final java.util.Optional<String> accountId;

    public AdminAuth(GatewayConfig config) {
        this.accountId = config.accountId();
        this.digests = config.admin().tokens().orElse(List.of()).stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(TokenDigest::of)
                .toList();
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /**
     * The error answer for a management call that may not go on (no admin tokens configured, wrong token, another
     * account than {@code gateway.account-id}); null when it may.
     */
    public Response refusal(String account, String authorization) {
        if (!enabled()) {
            return V4Envelope.error(403, 10000, "Management API disabled: no gateway.admin.tokens configured");
        }
        if (!accepts(authorization)) {
            return V4Envelope.error(401, 10000, "Authentication error");
        }
        if (accountId.isPresent() && !accountId.get().equals(account)) {
            return V4Envelope.error(404, 7003, "Account not found");
        }
        return null;
    }

    /** Constant-time check of an {@code Authorization} header value. */
    public boolean accepts(String authorization) {
        return authorization != null
                && TokenDigest.matchesAny(digests, CredentialResolver.withoutScheme(authorization));
    }
}
