package dev.aigateway.admin;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.TokenDigest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's sessions: signed, stateless cookies. Sign-in with an admin or read-only token gives a cookie
 * {@code v1.<role>.<expires>.<nonce>.<token tag>.<HMAC-SHA256>} (key: {@code gateway.admin.session-key}, else random
 * per process), so any replica sharing the key accepts it and nothing is stored per session. A session ends at its
 * expiry ({@code gateway.admin.session-ttl}), when the token it was signed in with leaves the configuration (the tag
 * is an HMAC of that token's digest, checked against the configured ones), or at sign-out (its nonce is remembered
 * until expiry on the replica that signed it out: at most {@link #MAX_REVOKED}, oldest forgotten first). Its CSRF
 * token is derived from the nonce: an HMAC, never stored.
 */
@Singleton
public class DashboardSessions {

    /** Signed-out sessions remembered (per replica) until they expire. */
    static final int MAX_REVOKED = 10_000;

    public static final String COOKIE = "aigw_session";
    public static final String CSRF_COOKIE = "aigw_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** A valid session. */
    public record Session(AdminAuth.Role role, Instant expires, String nonce) {}

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final AdminAuth auth;
    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Instant> revoked = new LinkedHashMap<>();

    @Inject
    public DashboardSessions(AdminAuth auth, GatewayConfig config) {
        this(auth, key(config.admin().sessionKey()), config.admin().sessionTtl(), Clock.systemUTC());
    }

    DashboardSessions(AdminAuth auth, byte[] key, Duration ttl, Clock clock) {
        this.auth = auth;
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    private static byte[] key(Optional<String> configured) {
        if (configured.isPresent()) {
            String k = configured.get().strip();
            if (k.length() < 32) {
                throw new IllegalStateException("gateway.admin.session-key must be at least 32 characters");
            }
            return k.getBytes(StandardCharsets.UTF_8);
        }
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public Duration ttl() {
        return ttl;
    }

    /** A new session's cookie value for a token; empty when the token is none of ours. */
    public Optional<String> signIn(String token) {
        return auth.role(token).map(role -> {
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String payload =
                    "v1." + role.name() + "." + clock.instant().plus(ttl).getEpochSecond() + "."
                            + HexFormat.of().formatHex(nonce) + "." + tag(TokenDigest.of(token));
            return payload + "." + B64.encodeToString(mac(payload));
        });
    }

    /** The session of a cookie value; empty when it is absent, forged, expired, signed out or its token is gone. */
    public Optional<Session> verify(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        int sig = cookie.lastIndexOf('.');
        if (sig < 0) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, sig);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(cookie.substring(sig + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), presented)) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 5 || !"v1".equals(parts[0])) {
            return Optional.empty();
        }
        AdminAuth.Role role;
        Instant expires;
        try {
            role = AdminAuth.Role.valueOf(parts[1]);
            expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expires) || isRevoked(parts[3]) || !tokenStillThere(role, parts[4])) {
            return Optional.empty();
        }
        return Optional.of(new Session(role, expires, parts[3]));
    }

    /** The CSRF token of a session (the value of its non-HttpOnly cookie). */
    public String csrf(Session session) {
        return B64.encodeToString(mac("csrf." + session.nonce()));
    }

    /** Whether a presented CSRF header matches the session's; constant-time. */
    public boolean csrfMatches(Session session, String header) {
        return header != null
                && MessageDigest.isEqual(
                        csrf(session).getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs a session out on this replica (until it would have expired). */
    public void signOut(Session session) {
        synchronized (revoked) {
            Instant now = clock.instant();
            revoked.values().removeIf(e -> !now.isBefore(e));
            while (revoked.size() >= MAX_REVOKED) {
                revoked.remove(revoked.keySet().iterator().next());
            }
            revoked.put(session.nonce(), session.expires());
        }
    }

    /** How many signed-out sessions this replica remembers. */
    int signedOut() {
        synchronized (revoked) {
            return revoked.size();
        }
    }

    private boolean isRevoked(String nonce) {
        synchronized (revoked) {
            return revoked.containsKey(nonce);
        }
    }

    private boolean tokenStillThere(AdminAuth.Role role, String tag) {
        boolean found = false;
        byte[] presented = tag.getBytes(StandardCharsets.UTF_8);
        for (byte[] digest : auth.digests(role)) {
            found |= MessageDigest.isEqual(tag(digest).getBytes(StandardCharsets.UTF_8), presented);
        }
        return found;
    }

    /** A short HMAC of a token's digest: ties the session to the token without revealing anything about it. */
    private String tag(byte[] digest) {
        byte[] m = mac("token." + HexFormat.of().formatHex(digest));
        return B64.encodeToString(java.util.Arrays.copyOf(m, 12));
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
