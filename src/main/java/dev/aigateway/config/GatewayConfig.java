package dev.aigateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the gateway, under the {@code gateway} prefix. */
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

    /** The upstream HTTP client shared by all provider clients (each provider gets its own pool). */
    Upstream upstream();

    /** Gateways, keyed by gateway id, with the fields of Cloudflare's gateway settings object. */
    Map<String, Gateway> gateways();

    /**
     * Provider overrides and custom providers, keyed by slug. Known slugs override the built-in base URL; slugs
     * starting with {@code custom-} declare custom providers.
     */
    Map<String, Provider> providers();

    /** The exact response cache (Redis). Whether a request is cached is decided per gateway and per request. */
    Cache cache();

    /** The rate limiter (Redis). Limits themselves are per gateway. */
    RateLimit rateLimit();

    /** The management surface under {@code /client/v4/accounts/{account}/ai-gateway}. */
    Admin admin();

    /** Retries, circuit breakers and the Universal endpoint's fallback chains. */
    Routing routing();

    /** Model prices used for cost. */
    Prices prices();

    /** The request-log writer (PostgreSQL). */
    Logs logs();

    /**
     * Embedded Redis and PostgreSQL for the dev and test profiles. Read by {@code embedded/EmbeddedConfigSourceFactory}
     * while the configuration is built (before this mapping exists); declared here so they are known settings.
     */
    Embedded embedded();

    /** Embedded servers (dev and test profiles only; never started in any other profile). */
    interface Embedded {
        /** Start an embedded Redis / PostgreSQL when the configured one does not answer at start-up. */
        @WithDefault("true")
        boolean enabled();

        /** Where the embedded servers keep their data (a subdirectory per profile) and dev mode its admin token. */
        @WithDefault("target/embedded")
        String dataDir();
    }

    /** Request-log writer settings: the request path hands events to a bounded queue; a writer drains it. */
    interface Logs {
        /** Events waiting to be written; when full (PostgreSQL down for long), new events are dropped and counted. */
        @WithDefault("200000")
        int queueCapacity();

        /**
         * Memory the queued events may hold (their request and response bodies, mostly): beyond it an event is queued
         * without its bodies (the row is kept; its payload and the usage read from a JSON body are not).
         */
        @WithDefault("128M")
        MemorySize queueMaxBytes();

        /** Rows written per transaction at most. */
        @WithDefault("500")
        int batchSize();

        /** How often the queue is drained when it does not fill a batch. */
        @WithDefault("200ms")
        Duration flushInterval();

        /** Wait before writing a failed batch again (PostgreSQL down or slow). */
        @WithDefault("1s")
        Duration retryDelay();

        /** Largest stored request or response body; larger ones are cut there and marked truncated. */
        @WithDefault("10M")
        MemorySize maxPayloadBytes();

        /** On shutdown, how long queued events may take to be written. */
        @WithDefault("10s")
        Duration shutdownFlushTimeout();

        /** Apply the schema migrations (Flyway) at start-up, retrying in the background until PostgreSQL answers. */
        @WithDefault("true")
        boolean migrate();
    }

    /** Price catalogue settings. */
    interface Prices {
        /**
         * A JSON file in the format of the built-in {@code prices/catalogue.json}; its entries are used before the
         * built-in ones (to correct a price, or add models and providers).
         */
        Optional<String> file();
    }

    /** Retry, breaker and fallback settings shared by all gateways (attempts and delays are per gateway). */
    interface Routing {
        /**
         * A provider asking to wait longer than this ({@code Retry-After}, {@code retry-after-ms}) is not retried: the
         * gateway moves on to the next step (or answers with the provider's error).
         */
        @WithDefault("5s")
        Duration maxRetryAfter();

        /**
         * Time allowed for all attempts of a request (and all steps of a Universal request) until a response starts;
         * a stream that has started is not cut by it.
         */
        @WithDefault("10m")
        Duration deadline();

        /** Most steps a Universal request may have. */
        @WithDefault("10")
        int maxSteps();

        /** Circuit breaker defaults for every provider; {@code providers.<slug>.circuit-breaker.*} overrides them. */
        Breaker circuitBreaker();
    }

    /**
     * A circuit breaker per provider host (and port): opens when, among the calls to it of the last {@code window}
     * (at least {@code request-volume-threshold} of them), the share that failed (connection errors, first-byte
     * timeouts, 5xx/529) reaches {@code failure-ratio}; a timeout the client chose shorter than the provider's
     * first-byte timeout, and the gateway's own connection pool being full, never count. While open, calls are
     * refused at once (the next Universal step is tried); after {@code delay} it lets trial calls through and
     * closes after {@code success-threshold} of them succeed.
     */
    interface Breaker {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("30s")
        Duration delay();

        @WithDefault("1")
        int successThreshold();

        /**
         * Only calls of this last stretch of time count towards {@code request-volume-threshold} and
         * {@code failure-ratio}: older failures are forgotten.
         */
        @WithDefault("60s")
        Duration window();
    }

    /** Per-provider breaker overrides; unset fields take {@code gateway.routing.circuit-breaker.*}. */
    interface BreakerOverride {
        Optional<Boolean> enabled();

        Optional<Integer> requestVolumeThreshold();

        Optional<Double> failureRatio();

        Optional<Duration> delay();

        Optional<Integer> successThreshold();

        Optional<Duration> window();
    }

    /** Cache settings shared by all gateways. */
    interface Cache {
        /** A lookup slower than this counts as a MISS (the request goes upstream); Redis never delays a request more. */
        @WithDefault("50ms")
        Duration lookupTimeout();

        /** Largest request body, and largest response body, that is cached (Cloudflare: 25 MB). */
        @WithDefault("25M")
        MemorySize maxBodyBytes();

        /**
         * Concurrent identical misses wait up to this long for the first one's response (single flight) before going
         * upstream themselves; {@code 0} turns coalescing off.
         */
        @WithDefault("30s")
        Duration coalesceTimeout();

        /** How often a request waiting on another replica's identical request checks Redis for its result. */
        @WithDefault("50ms")
        Duration coalescePollInterval();
    }

    /** Rate limiter settings shared by all gateways. */
    interface RateLimit {
        /**
         * How long the gateway waits for a limiter check; a slower one counts as a Redis failure (the gateway's
         * {@code rate-limiting-fail-open} decides). Redis runs a check that starts after this (on its clock) as the
         * gateway decided: counting nothing for a refused request, the request itself for an admitted one.
         */
        @WithDefault("100ms")
        Duration timeout();

        /** Output tokens a token limit reserves for a request without {@code max_tokens} (settled with the usage). */
        @WithDefault("1024")
        long defaultOutputTokens();
    }

    /** Management API access. */
    interface Admin {
        /** Bearer tokens accepted by the management API; without any, the management API answers 403. */
        Optional<List<String>> tokens();

        /**
         * How often each replica checks PostgreSQL for gateways created, changed or deleted over the management
         * API (one single-row read); the replica that made the change applies it at once.
         */
        @WithDefault("2s")
        Duration refreshInterval();

        /** Most gateways the management API may create (gateways declared in config do not count). */
        @WithDefault("1000")
        int maxGateways();

        /**
         * Public base URL of the gateway (for example {@code https://ai.example.com}) used by
         * {@code GET .../gateways/{id}/url/{provider}}; without it the URL is built from the request's own scheme
         * and host.
         */
        Optional<String> publicUrl();
    }

    /** Upstream connection settings. */
    interface Upstream {
        /** Time allowed to open a TCP (and TLS) connection to a provider. */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * Time allowed between sending the request and the first byte of the provider's response. Non-streaming
         * completions of reasoning models can take minutes, so the default is generous.
         */
        @WithDefault("10m")
        Duration firstByteTimeout();

        /**
         * Longest silence allowed inside a provider's response once it has started, e.g. between stream chunks; the
         * stream is then cut and the client sees it broken. Applies per response (an HTTP/2 connection with other
         * active streams stays open); the wait for the response head has the first-byte timeout instead.
         */
        @WithDefault("15m")
        Duration idleTimeout();

        /** Keep-alive connections per provider host (HTTP/1.1). */
        @WithDefault("512")
        int maxPoolSize();

        /** HTTP/2 connections per provider host, when the provider offers HTTP/2 over TLS. */
        @WithDefault("8")
        int http2MaxPoolSize();

        /** Requests waiting for a pooled connection per provider before new ones are refused (-1: unbounded). */
        @WithDefault("4096")
        int maxWaitQueueSize();

        /** How long an unused keep-alive connection stays in the pool. */
        @WithDefault("60s")
        Duration keepAliveTimeout();
    }

    /** One gateway: Cloudflare's settings object in kebab case. */
    interface Gateway {
        /** Require {@code cf-aig-authorization: Bearer <token>}. Defaults to true when tokens are configured. */
        Optional<Boolean> authentication();

        /** Accepted gateway tokens (comma separated in a single property or env var). */
        Optional<List<String>> tokens();

        /** Default cache TTL in seconds; 0 or absent disables caching (implemented by the cache issue). */
        Optional<Integer> cacheTtl();

        /** Whether requests are logged (implemented by the logs issue). */
        @WithDefault("true")
        boolean collectLogs();

        /** Requests allowed per interval; absent disables rate limiting (implemented by the rate-limit issue). */
        Optional<Integer> rateLimitingLimit();

        /** Rate-limit interval in seconds. */
        Optional<Integer> rateLimitingInterval();

        /** {@code fixed} or {@code sliding}. */
        @WithDefault("fixed")
        String rateLimitingTechnique();

        /** Attempts per upstream request, 1 to 5 (implemented by the retries issue). */
        @WithDefault("1")
        int retryMaxAttempts();

        /** Base delay between retries in milliseconds, up to 5000. */
        @WithDefault("0")
        int retryDelay();

        /** {@code constant}, {@code linear} or {@code exponential}. */
        @WithDefault("constant")
        String retryBackoff();

        /** Maximum stored log rows (implemented by the logs issue). */
        Optional<Long> logManagement();

        /** {@code STOP_INSERTING} or {@code DELETE_OLDEST}. */
        Optional<String> logManagementStrategy();

        /**
         * Stored provider keys (BYOK): {@code provider-keys.<slug>} is alias {@code default},
         * {@code provider-keys.<slug>.<alias>} a named alias.
         */
        Map<String, String> providerKeys();

        /**
         * Stored provider keys are only injected into requests that presented a valid gateway token; {@code true}
         * also injects them into unauthenticated requests, so anyone who can reach the gateway spends them (logged
         * as a warning at start-up).
         */
        @WithDefault("false")
        boolean allowUnauthenticatedStoredKeys();

        /**
         * Peers (CIDRs, e.g. {@code 10.0.0.0/8,127.0.0.1/32}) whose {@code X-Forwarded-For} / {@code Forwarded}
         * headers name the client: used by the {@code ip} limit identifier and the log. Default none: the socket
         * peer is the client and forwarding headers are ignored.
         */
        Optional<List<String>> trustedProxies();

        /**
         * When Redis cannot be reached: {@code true} (default) lets requests through uncounted, {@code false} answers
         * 503 (code 2105).
         */
        @WithDefault("true")
        boolean rateLimitingFailOpen();

        /** Named limit rules, each counting requests or tokens per identifier (user, key, IP, ...). */
        Map<String, Limit> limits();
    }

    /** One limit rule of a gateway. */
    interface Limit {
        /**
         * Whose usage is counted: {@code header:<name>}, {@code metadata:<key>} (a {@code cf-aig-metadata} entry),
         * {@code credential} (the provider key), {@code token} (the gateway token), {@code ip} (the client address) or
         * {@code gateway} (everyone). Requests without the identifier are not counted by this rule.
         */
        String identifier();

        /** Requests (or tokens) allowed per interval. */
        long limit();

        /** Interval length in seconds. */
        int interval();

        /** {@code fixed} (windows aligned to the clock) or {@code sliding} (trailing interval). */
        @WithDefault("fixed")
        String technique();

        /** {@code requests} or {@code tokens} (prompt and completion tokens, reserved up front and settled). */
        @WithDefault("requests")
        String unit();
    }

    /** A provider override or a custom provider. */
    interface Provider {
        /**
         * Upstream base URL. Azure takes {@code {resource}} and {@code {deployment}} template variables, Bedrock
         * {@code {service}} and {@code {region}}, Vertex {@code {location-prefix}} and {@code {region}}, Workers AI
         * {@code {account}}.
         */
        Optional<String> baseUrl();

        /** Custom providers: header that carries the provider credential. */
        @WithDefault("Authorization")
        String authHeader();

        /** Custom providers: scheme put before a stored key in the auth header (empty for none). */
        @WithDefault("Bearer")
        String authScheme();

        /** Overrides {@code gateway.upstream.first-byte-timeout} for this provider. */
        Optional<Duration> firstByteTimeout();

        /** Overrides {@code gateway.routing.circuit-breaker.*} for this provider. */
        BreakerOverride circuitBreaker();

        /**
         * PEM files of the CAs (or self-signed certificates) this provider's TLS certificate is checked against,
         * instead of the JVM's default trust store: for self-hosted providers behind an internal CA.
         */
        Optional<List<String>> trustCertificates();

        /** Fal only: hosts {@code x-fal-target-url} may point at ({@code *.} prefix matches subdomains). */
        @WithName("allowed-target-hosts")
        Optional<List<String>> allowedTargetHosts();
    }
}
