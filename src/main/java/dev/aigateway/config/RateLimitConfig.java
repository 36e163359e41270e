package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.rate-limit.*}: rate limiter settings shared by all gateways (the limits are per gateway). */
public interface RateLimitConfig {

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
