package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code gateway.compat.*}: the unified API ({@code …/compat/…}). */
public interface CompatConfig {

    /**
     * {@code max_tokens} sent to a target that requires one (Anthropic) when the client's chat request sets neither
     * {@code max_completion_tokens} nor {@code max_tokens}.
     */
    @WithDefault("4096")
    int defaultMaxTokens();

    /**
     * The Google Cloud project that a Vertex AI model named in Cloudflare's form, {@code
     * google-vertex-ai/{publisher}/{model}} ({@code google/gemini-2.5-pro}, {@code anthropic/claude-…}), runs in;
     * without it only {@code google-vertex-ai/{project}/{region}/{model}} is accepted.
     */
    Optional<String> vertexProject();

    /** The Vertex AI region of such a model ({@code global}, {@code us-east5}, …). */
    @WithDefault("global")
    String vertexRegion();
}
