package dev.aigateway.admin;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.TokenDigest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * Admin tokens of the management API ({@code Authorization: Bearer}), separate from gateway tokens; checked for every
 * management call by {@link AdminAuthFilter}.
 */
@Singleton
public class AdminAuth {

    /** Why a management call may not go on, and its answer in the v4 envelope. */
    public enum Refusal {
        /** No admin tokens configured: the management API is off. */
        DISABLED(403, 10000, "Management API disabled: no gateway.admin.tokens configured"),
        /** No token, or not an admin token. */
        UNAUTHENTICATED(401, 10000, "Authentication error"),
        /** Another account than {@code gateway.account-id}. */
        UNKNOWN_ACCOUNT(404, 7003, "Account not found");

        private final int status;
        private final int code;
        private final String message;

        Refusal(int status, int code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public Response response() {
            return V4Envelope.error(status, code, message);
        }
    }

    private final List<byte[]> digests;
    private final Optional<String> accountId;

    @Inject
    public AdminAuth(GatewayConfig config) {
        this(config.admin().tokens().orElse(List.of()), config.accountId());
    }

    AdminAuth(List<String> tokens, Optional<String> accountId) {
        this.accountId = accountId;
        this.digests = tokens.stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(TokenDigest::of)
                .toList();
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** Why a management call for {@code account} with this {@code Authorization} header may not go on; empty if it may. */
    public Optional<Refusal> refusal(String account, String authorization) {
        if (!enabled()) {
            return Optional.of(Refusal.DISABLED);
        }
        if (!accepts(authorization)) {
            return Optional.of(Refusal.UNAUTHENTICATED);
        }
        if (accountId.isPresent() && !accountId.get().equals(account)) {
            return Optional.of(Refusal.UNKNOWN_ACCOUNT);
        }
        return Optional.empty();
    }

    /** Constant-time check of an {@code Authorization} header value. */
    public boolean accepts(String authorization) {
        return authorization != null
                && TokenDigest.matchesAny(digests, CredentialResolver.withoutScheme(authorization));
    }
}
