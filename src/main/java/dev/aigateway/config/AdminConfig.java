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
     * Tokens that may read the management, Logs and analytics APIs and sign in to the dashboard, but change nothing
     * (a write answers 403).
     */
    Optional<List<String>> readOnlyTokens();

    /**
     * Key (any string, at least 32 characters) that signs the dashboard's session cookies; replicas behind one load
     * balancer need the same key. Without it each process generates one: its sessions end when it restarts and other
     * replicas do not accept them.
     */
    Optional<String> sessionKey();

    /** How long a dashboard session lasts after sign-in. */
    @WithDefault("8h")
    Duration sessionTtl();

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
