package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code gateway.providers.<slug>.*}: a provider override or a custom provider. */
public interface ConfiguredProvider {

    /**
     * Upstream base URL. A provider whose URLs are built from the request may take template variables in it (which
     * ones: its path rules in {@code provider/<vendor>/}, and the README's provider table).
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
    BreakerOverrideConfig circuitBreaker();

    /**
     * PEM files of the CAs (or self-signed certificates) this provider's TLS certificate is checked against, instead
     * of the JVM's default trust store: for self-hosted providers behind an internal CA.
     */
    Optional<List<String>> trustCertificates();

    /**
     * For a provider whose requests name their own target URL (its path rules say which header): the hosts it may
     * point at ({@code *.} prefix matches subdomains).
     */
    @WithName("allowed-target-hosts")
    Optional<List<String>> allowedTargetHosts();

    /**
     * Deployments of this provider (several hosts or resources serving one model): {@code deployments.<name>} is a
     * base URL taking the provider's path rules as {@code base-url} does. A gateway's {@code load-balancing} (or a
     * route element's) spreads requests across them, each with the stored key whose alias is the deployment's name
     * when there is one.
     */
    Map<String, String> deployments();

    /** Custom providers: the models the unified API's model list ({@code GET …/compat/models}) names for it. */
    Optional<List<String>> models();
}
