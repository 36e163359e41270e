package dev.aigateway.cache;

import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.Vendors;
import dev.aigateway.redis.RedisCalls;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A cache entry's identity: SHA-256 over gateway, provider, method, the upstream origin (scheme, host and port: one
 * provider's hosts, resources and regions share paths) and path and query, the headers that change a provider's
 * behaviour ({@link Vendors#cacheVaryingHeaders}), the provider credential (so different keys never share entries; only
 * its hash enters the digest) and the body bytes. A client's {@code cf-aig-cache-key} replaces the request part of
 * that within its gateway — still per credential.
 *
 * @param entry the Redis key of the stored response
 * @param lock the Redis key of the single-flight lock
 */
public record CacheKey(String gateway, String digest, String entry, String lock) {

    /** Headers that select a different behaviour (API version, beta features, org/project scope): every vendor's. */
    static final List<String> VARYING_HEADERS = Vendors.cacheVaryingHeaders();

    public static CacheKey computed(
            String gateway,
            String provider,
            String method,
            UpstreamUrl url,
            MultiMap upstreamHeaders,
            List<String> credentialHeaders,
            Buffer body) {
        MessageDigest sha = sha256();
        field(sha, "v2");
        field(sha, gateway);
        field(sha, provider);
        field(sha, method);
        field(sha, origin(url));
        field(sha, url.uri());
        for (String name : VARYING_HEADERS) {
            field(sha, name + "=" + String.join(",", upstreamHeaders.getAll(name)));
        }
        sha.update(credential(upstreamHeaders, credentialHeaders, url.uri()));
        sha.update(body.getBytes());
        return of(gateway, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * The request's scope without its body (what {@link #computed} hashes before the body): the semantic cache's
     * partition starts with it, so a near-duplicate is only ever looked for under the same gateway, provider, upstream
     * URL, behaviour-changing headers and credential.
     */
    public static byte[] scope(
            String gateway,
            String provider,
            String method,
            UpstreamUrl url,
            MultiMap upstreamHeaders,
            List<String> credentialHeaders) {
        MessageDigest sha = sha256();
        field(sha, "scope-v1");
        field(sha, gateway);
        field(sha, provider);
        field(sha, method);
        field(sha, origin(url));
        field(sha, url.uri());
        for (String name : VARYING_HEADERS) {
            field(sha, name + "=" + String.join(",", upstreamHeaders.getAll(name)));
        }
        sha.update(credential(upstreamHeaders, credentialHeaders, url.uri()));
        return sha.digest();
    }

    /**
     * A client-chosen key ({@code cf-aig-cache-key}), scoped to the gateway and to the credential the request uses.
     *
     * @param credential {@link #credential} of the request
     */
    public static CacheKey custom(String gateway, String clientKey, byte[] credential) {
        MessageDigest sha = sha256();
        field(sha, "custom-v2");
        field(sha, clientKey);
        sha.update(credential);
        return of(gateway, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * SHA-256 of the provider credential a request carries: its credential headers and a {@code key=} query
     * parameter (where some APIs take their key); the same bytes for every request without one.
     */
    public static byte[] credential(MultiMap upstreamHeaders, List<String> credentialHeaders, String uri) {
        MessageDigest credential = sha256();
        for (String name : credentialHeaders) {
            List<String> values = upstreamHeaders.getAll(name);
            if (!values.isEmpty()) {
                field(credential, name.toLowerCase(Locale.ROOT) + "=" + String.join(",", values));
            }
        }
        int q = uri.indexOf('?');
        if (q >= 0) {
            for (String param : uri.substring(q + 1).split("&")) {
                if (param.startsWith("key=")) {
                    field(credential, "?" + param);
                }
            }
        }
        return credential.digest();
    }

    private static String origin(UpstreamUrl url) {
        return (url.ssl() ? "https://" : "http://") + url.host().toLowerCase(Locale.ROOT) + ":" + url.port();
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
