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
 * management call by {@link AdminAuthFilter}. Read-only tokens ({@code gateway.admin.read-only-tokens}) may read but
 * not change anything. The dashboard's sign-in exchanges either for a session ({@link DashboardSessions}).
 */
@Singleton
public class AdminAuth {

    /** What a token (or a session signed in with one) may do. */
    public enum Role {
        ADMIN("admin"),
        READ_ONLY("read-only");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why a management call may not go on, and its answer in the v4 envelope. */
    public enum Refusal {
        /** No admin tokens configured: the management API is off. */
        DISABLED(403, 10000, "Management API disabled: no gateway.admin.tokens configured"),
        /** No token, or not an admin token. */
        UNAUTHENTICATED(401, 10000, "Authentication error"),
        /** Another account than {@code gateway.account-id}. */
        UNKNOWN_ACCOUNT(404, 7003, "Account not found"),
        /** A write with a read-only token or session. */
        READ_ONLY(403, 10000, "Read-only access: this token cannot change anything"),
        /** A write with a session cookie but without its CSRF token ({@code X-CSRF-Token}). */
        CSRF(403, 10000, "CSRF token missing or wrong (send the aigw_csrf cookie's value in X-CSRF-Token)");

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
    private final List<byte[]> readOnly;
    private final Optional<String> accountId;

    @Inject
    public AdminAuth(GatewayConfig config) {
        this(
                config.admin().tokens().orElse(List.of()),
                config.admin().readOnlyTokens().orElse(List.of()),
                config.accountId());
    }

    AdminAuth(List<String> tokens, Optional<String> accountId) {
        this(tokens, List.of(), accountId);
    }

    AdminAuth(List<String> tokens, List<String> readOnlyTokens, Optional<String> accountId) {
        this.accountId = accountId;
        this.digests = digests(tokens);
        this.readOnly = digests(readOnlyTokens);
    }

    private static List<byte[]> digests(List<String> tokens) {
        return tokens.stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(TokenDigest::of)
                .toList();
    }

    public boolean enabled() {
        return !digests.isEmpty() || !readOnly.isEmpty();
    }

    /** The configured account, if any (the dashboard builds its API paths with it). */
    public Optional<String> accountId() {
        return accountId;
    }

    /** Why a management call for {@code account} with this {@code Authorization} header may not go on; empty if it may. */
    public Optional<Refusal> refusal(String account, String authorization) {
        return refusal(account, authorization, false);
    }

    /** As {@link #refusal(String, String)}, for a call that changes something when {@code write}. */
    public Optional<Refusal> refusal(String account, String authorization, boolean write) {
        if (!enabled()) {
            return Optional.of(Refusal.DISABLED);
        }
        Optional<Role> role = role(authorization == null ? null : CredentialResolver.withoutScheme(authorization));
        if (role.isEmpty()) {
            return Optional.of(Refusal.UNAUTHENTICATED);
        }
        return refusal(account, role.get(), write);
    }

    /** Why a call by an authenticated {@code role} may not go on (account, then read-only); empty if it may. */
    public Optional<Refusal> refusal(String account, Role role, boolean write) {
        if (accountId.isPresent() && !accountId.get().equals(account)) {
            return Optional.of(Refusal.UNKNOWN_ACCOUNT);
        }
        if (write && role != Role.ADMIN) {
            return Optional.of(Refusal.READ_ONLY);
        }
        return Optional.empty();
    }

    /** Constant-time check of an {@code Authorization} header value: an admin (read-write) token. */
    public boolean accepts(String authorization) {
        return authorization != null
                && TokenDigest.matchesAny(digests, CredentialResolver.withoutScheme(authorization));
    }

    /** The role of a bare token (no scheme); empty when it is none of ours. Both lists are always compared. */
    public Optional<Role> role(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        boolean admin = TokenDigest.matchesAny(digests, token);
        boolean viewer = TokenDigest.matchesAny(readOnly, token);
        return admin ? Optional.of(Role.ADMIN) : viewer ? Optional.of(Role.READ_ONLY) : Optional.empty();
    }

    /** The SHA-256 digests of the tokens of a role (sessions are tied to the token they were signed in with). */
    List<byte[]> digests(Role role) {
        return role == Role.ADMIN ? digests : readOnly;
    }
}
