package dev.aigateway.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a secret, so tokens are compared (and later keyed) without keeping or comparing the raw value. */
public final class TokenDigest {

    private TokenDigest() {}

    /** Whether {@code presented} is one of the secrets behind {@code digests}; constant-time per comparison. */
    public static boolean matchesAny(java.util.List<byte[]> digests, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = of(presented);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match;
    }

    public static byte[] of(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
