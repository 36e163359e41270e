package dev.aigateway.config;

import io.smallrye.config.WithDefault;

/**
 * {@code gateway.embedded.*}: embedded Redis and PostgreSQL for the {@code dev} and {@code test} profiles (never
 * started in any other). Read by {@code embedded/EmbeddedConfigSourceFactory} while the configuration is being built,
 * before this mapping exists; declared here so they are known settings.
 */
public interface EmbeddedConfig {

    /** Start an embedded Redis / PostgreSQL when the configured one does not answer at start-up. */
    @WithDefault("true")
    boolean enabled();

    /** Where the embedded servers keep their data (a subdirectory per profile) and dev mode its admin token. */
    @WithDefault("target/embedded")
    String dataDir();
}
