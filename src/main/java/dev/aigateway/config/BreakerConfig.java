package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code gateway.routing.circuit-breaker.*}: a circuit breaker per provider host (and port). It opens when, among the
 * calls to it of the last {@code window} (at least {@code request-volume-threshold} of them), the share that failed
 * (connection errors, first-byte timeouts, 5xx/529) reaches {@code failure-ratio}; a timeout the client chose shorter
 * than the provider's first-byte timeout, and the gateway's own connection pool being full, never count. While open,
 * calls are refused at once (the next Universal step is tried); after {@code delay} it lets trial calls through and
 * closes after {@code success-threshold} of them succeed.
 */
public interface BreakerConfig {

    /** Whether providers get a breaker at all. */
    @WithDefault("true")
    boolean enabled();

    /** Fewest calls within the window before the failure ratio can open the breaker. */
    @WithDefault("20")
    int requestVolumeThreshold();

    /** Share of failed calls that opens the breaker. */
    @WithDefault("0.5")
    double failureRatio();

    /** How long an open breaker refuses calls before letting trial calls through. */
    @WithDefault("30s")
    Duration delay();

    /** Successful trial calls that close it again. */
    @WithDefault("1")
    int successThreshold();

    /**
     * Only calls of this last stretch of time count towards {@code request-volume-threshold} and
     * {@code failure-ratio}: older failures are forgotten.
     */
    @WithDefault("60s")
    Duration window();
}
