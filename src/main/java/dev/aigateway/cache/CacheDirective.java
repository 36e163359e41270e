package dev.aigateway.cache;

import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.gateway.HeaderNumbers;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.OptionalLong;

/**
 * Whether and how one request uses the cache, from its {@code cf-aig-*} headers and the gateway's {@code cache-ttl}
 * (request headers win).
 *
 * @param ttlSeconds how long a response is kept, within 60 s … 30 days
 * @param customKey the client's {@code cf-aig-cache-key}, replacing the computed key; null when absent
 * @param skipLookup {@code cf-aig-skip-cache: true}: fetch from the provider (the fresh response is still stored)
 */
public record CacheDirective(long ttlSeconds, String customKey, boolean skipLookup) {

    public static final long MIN_TTL = 60;
    public static final long MAX_TTL = 30L * 24 * 3600;
    /** Cloudflare: a custom key on a gateway with caching off, without a TTL header, caches for 5 minutes. */
    public static final long CUSTOM_KEY_TTL = 300;

    public static final String CACHE_TTL = "cf-aig-cache-ttl";
    public static final String LEGACY_CACHE_TTL = "cf-cache-ttl";
    public static final String SKIP_CACHE = "cf-aig-skip-cache";
    public static final String LEGACY_SKIP_CACHE = "cf-skip-cache";
    public static final String CACHE_KEY = "cf-aig-cache-key";
    public static final String CACHE_STATUS = "cf-aig-cache-status";

    /** The directive for a request, or null when the request does not use the cache. */
    public static CacheDirective of(GatewaySettings gateway, HttpMethod method, MultiMap headers) {
        if (method != HttpMethod.GET && method != HttpMethod.POST) {
            return null;
        }
        String customKey = headers.get(CACHE_KEY);
        if (customKey != null && customKey.isBlank()) {
            customKey = null;
        }
        long ttl;
        Long headerTtl = parseTtl(headers.get(CACHE_TTL));
        if (headerTtl == null) {
            headerTtl = parseTtl(headers.get(LEGACY_CACHE_TTL));
        }
        if (headerTtl != null) {
            ttl = headerTtl; // 0 turns caching off for this request
        } else if (gateway.cacheTtl().isPresent() && gateway.cacheTtl().getAsInt() > 0) {
            ttl = gateway.cacheTtl().getAsInt();
        } else {
            ttl = customKey != null ? CUSTOM_KEY_TTL : 0;
        }
        if (ttl <= 0) {
            return null;
        }
        boolean skip = isTrue(headers.get(SKIP_CACHE)) || isTrue(headers.get(LEGACY_SKIP_CACHE));
        return new CacheDirective(Math.max(MIN_TTL, Math.min(MAX_TTL, ttl)), customKey, skip);
    }

    /** Integer seconds (beyond 2^63 - 1: the maximum); anything else (negative, not a number) is ignored as absent. */
    private static Long parseTtl(String value) {
        if (value == null) {
            return null; // (the common case: no header, and no number parser loaded for it)
        }
        OptionalLong v = HeaderNumbers.nonNegative(value);
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static boolean isTrue(String value) {
        return value != null && value.strip().equalsIgnoreCase("true");
    }
}
