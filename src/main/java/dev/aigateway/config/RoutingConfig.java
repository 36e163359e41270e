package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.routing.*}: retry, breaker and fallback settings shared by all gateways (attempts are per gateway). */
public interface RoutingConfig {

    /**
     * A provider asking to wait longer than this ({@code Retry-After}, {@code retry-after-ms}) is not retried: the
     * gateway moves on to the next step (or answers with the provider's error).
     */
    @WithDefault("5s")
    Duration maxRetryAfter();

    /**
     * Time allowed for all attempts of a request (and all steps of a Universal request) until a response starts; a
     * stream that has started is not cut by it.
     */
    @WithDefault("10m")
    Duration deadline();

    /** Most steps a Universal request may have. */
    @WithDefault("10")
    int maxSteps();

    /** Circuit breaker defaults for every provider; {@code providers.<slug>.circuit-breaker.*} overrides them. */
    BreakerConfig circuitBreaker();
}
