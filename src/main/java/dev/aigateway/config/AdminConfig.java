package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code gateway.admin.*}: management API access. */
public interface AdminConfig {

    /** Bearer tokens accepted by the management API; without any, the management API answers 403. */
    Optional<List<String>> tokens();

    /**
     * How often each replica checks PostgreSQL for gateways created, changed or deleted over the management API (one
     * single-row read); the replica that made the change applies it at once.
     */
    @WithDefault("2s")
    Duration refreshInterval();

    /** Most gateways the management API may create (gateways declared in config do not count). */
    @WithDefault("1000")
    int maxGateways();

    /**
     * Public base URL of the gateway (for example {@code https://ai.example.com}) used by
     * {@code GET .../gateways/{id}/url/{provider}}; without it the URL is built from the request's own scheme and host.
     */
    Optional<String> publicUrl();
}
