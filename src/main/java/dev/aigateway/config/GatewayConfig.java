package dev.aigateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the gateway, under the {@code gateway} prefix: one tree, its sections in the interfaces of this
 * package. The README's configuration table is the contract for the property names.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** When set, only this account id is accepted in {@code /v1/{account_id}/...} URLs; any other gets code 2001. */
    Optional<String> accountId();

    /** Gateway that serves the short custom-domain form {@code /{provider}/{provider_path}}. */
    @WithDefault("default")
    String hostGateway();

    /** Largest request body streamed upstream; larger bodies get 413 without reaching the provider. */
    @WithDefault("32M")
    MemorySize maxRequestBytes();

    /**
     * Longest a request body the gateway reads whole (cache, limits, retries, Universal) may go without a byte; a
     * stalled upload then gets 400 and its connection is closed.
     */
    @WithDefault("30s")
    Duration requestReadTimeout();

    /**
     * Longest a client may take to send a request's head (request line and headers) on HTTP/1.1, counted from its
     * first byte (from the connection's opening for the first request); then the connection is closed (with a 408
     * when part of a head arrived). Not running while a request is answered. 0 turns it off.
     */
    @WithDefault("20s")
    Duration requestHeaderTimeout();

    /** Longest an HTTP/1.1 client connection may stay idle between requests (nothing in flight). 0 turns it off. */
    @WithDefault("75s")
    Duration keepAliveTimeout();

    /**
     * The most bytes all responses in flight may hold in copies together (the body kept for the cache and the usage
     * read, the log row's payload; each is also capped on its own). Past it a response's copy is dropped as a too-large
     * one is: the client gets every byte, but that answer is not cached, a JSON body's usage is unknown and its log
     * payload is cut (counted in {@code gateway_response_copies_refused_total}). Default: a quarter of the maximum heap.
     */
    Optional<MemorySize> responseCopyBytes();

    /** The upstream HTTP client shared by all provider clients (each provider gets its own pool). */
    UpstreamConfig upstream();

    /** Gateways, keyed by gateway id, with the fields of Cloudflare's gateway settings object. */
    Map<String, ConfiguredGateway> gateways();

    /**
     * Provider overrides and custom providers, keyed by slug. Known slugs override the built-in base URL; slugs
     * starting with {@code custom-} declare custom providers.
     */
    Map<String, ConfiguredProvider> providers();

    /** The exact response cache (Redis). Whether a request is cached is decided per gateway and per request. */
    CacheConfig cache();

    /** The semantic cache's embedding workers and shared index; whether a gateway uses it is per gateway. */
    SemanticConfig semantic();

    /** The rate limiter (Redis). Limits themselves are per gateway. */
    RateLimitConfig rateLimit();

    /** The management surface under {@code /client/v4/accounts/{account}/ai-gateway}. */
    AdminConfig admin();

    /** Retries, circuit breakers and the Universal endpoint's fallback chains. */
    RoutingConfig routing();

    /** Model prices used for cost. */
    PricesConfig prices();

    /** The request-log writer (PostgreSQL). */
    LogsConfig logs();

    /** Embedded Redis and PostgreSQL for the dev and test profiles when the configured ones do not answer. */
    EmbeddedConfig embedded();

    /** The unified API ({@code …/compat/…}). */
    CompatConfig compat();
}
