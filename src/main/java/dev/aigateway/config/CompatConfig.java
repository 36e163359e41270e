package dev.aigateway.config;

import io.smallrye.config.WithDefault;

/** {@code gateway.compat.*}: the unified API ({@code …/compat/…}). */
public interface CompatConfig {

    /**
     * {@code max_tokens} sent to a target that requires one (Anthropic) when the client's chat request sets neither
     * {@code max_completion_tokens} nor {@code max_tokens}.
     */
    @WithDefault("4096")
    int defaultMaxTokens();
}
