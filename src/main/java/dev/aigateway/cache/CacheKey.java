package dev.aigateway.cache;

import dev.aigateway.redis.RedisCalls;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A cache entry's identity: SHA-256 over gateway, provider, method, upstream path and query, the headers that change
 * a provider's behaviour, the provider credential (so different keys never share entries; only its hash enters the
 * digest) and the body bytes. A client's {@code cf-aig-cache-key} replaces all of that within its gateway.
 *
 * @param entry the Redis key of the stored response
 * @param lock the Redis key of the single-flight lock
 */
public record CacheKey(String gateway, String digest, String entry, String lock) {

    /** Headers that select a different behaviour (API version, beta features, org/project scope). */
    static final List<String> VARYING_HEADERS =
            List.of("anthropic-version", "anthropic-beta", "openai-organization", "openai-project", "api-version");

    public static CacheKey computed(
            String gateway,
            String provider,
            String method,
            String upstreamUri,
            MultiMap upstreamHeaders,
            List<String> credentialHeaders,
            Buffer body) {
        MessageDigest sha = sha256();
        field(sha, "v1");
        field(sha, gateway);
        field(sha, provider);
        field(sha, method);
        field(sha, upstreamUri);
        for (String name : VARYING_HEADERS) {
            field(sha, name + "=" + String.join(",", upstreamHeaders.getAll(name)));
        }
        MessageDigest credential = sha256();
        for (String name : credentialHeaders) {
            field(credential, name + "=" + String.join(",", upstreamHeaders.getAll(name)));
        }
        sha.update(credential.digest());
        sha.update(body.getBytes());
        return of(gateway, HexFormat.of().formatHex(sha.digest()));
    }

    public static CacheKey custom(String gateway, String clientKey) {
        MessageDigest sha = sha256();
        field(sha, "custom");
        field(sha, clientKey);
        return of(gateway, HexFormat.of().formatHex(sha.digest()));
    }

    /** The digest is the hash tag of entry and lock: the cache scripts touch both, one slot in Redis Cluster. */
    private static CacheKey of(String gateway, String digest) {
        String tag = "{" + digest + "}";
        return new CacheKey(
                gateway, digest, entryPrefix(gateway) + tag, RedisCalls.PREFIX + "lock:" + gateway + ":" + tag);
    }

    /** Every entry of a gateway starts with this (purge scans it). */
    public static String entryPrefix(String gateway) {
        return RedisCalls.PREFIX + "cache:" + gateway + ":";
    }

    /** Length-prefixed, so no two different field lists hash the same bytes. */
    private static void field(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (bytes.length >>> 24));
        sha.update((byte) (bytes.length >>> 16));
        sha.update((byte) (bytes.length >>> 8));
        sha.update((byte) bytes.length);
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
