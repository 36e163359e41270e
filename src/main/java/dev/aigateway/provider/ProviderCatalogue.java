package dev.aigateway.provider;

import dev.aigateway.config.ConfiguredProvider;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.provider.Provider.Credential;
import dev.aigateway.provider.azure.AzureOpenAiPaths;
import dev.aigateway.provider.bedrock.BedrockPaths;
import dev.aigateway.provider.fal.FalPaths;
import dev.aigateway.provider.vertex.VertexPaths;
import dev.aigateway.provider.workersai.WorkersAiPaths;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The providers this gateway can reach: Cloudflare's HTTP provider slugs plus {@code custom-*} ones from config. */
@Singleton
@Startup
public class ProviderCatalogue {

    private static final String BEARER = "Bearer";
    private static final String AUTHORIZATION = "authorization";

    /** Built-in providers: slug, default base URL, credential slot, every header that may carry a credential. */
    private static final List<Builtin> BUILTINS = List.of(
            new Builtin("openai", "https://api.openai.com/v1", AUTHORIZATION, BEARER),
            new Builtin("anthropic", "https://api.anthropic.com", "x-api-key", "", AUTHORIZATION),
            new Builtin(
                    "google-ai-studio",
                    "https://generativelanguage.googleapis.com",
                    "x-goog-api-key",
                    "",
                    AUTHORIZATION),
            new Builtin("google-vertex-ai", VertexPaths.DEFAULT_BASE_URL, AUTHORIZATION, BEARER),
            new Builtin(
                    "aws-bedrock",
                    BedrockPaths.DEFAULT_BASE_URL,
                    AUTHORIZATION,
                    BEARER,
                    "x-api-key",
                    "x-amz-security-token"),
            new Builtin("azure-openai", AzureOpenAiPaths.DEFAULT_BASE_URL, "api-key", "", AUTHORIZATION),
            new Builtin("workers-ai", WorkersAiPaths.DEFAULT_BASE_URL, AUTHORIZATION, BEARER),
            new Builtin("groq", "https://api.groq.com/openai/v1", AUTHORIZATION, BEARER),
            new Builtin("mistral", "https://api.mistral.ai/v1", AUTHORIZATION, BEARER),
            new Builtin("cohere", "https://api.cohere.ai", AUTHORIZATION, BEARER),
            new Builtin("perplexity-ai", "https://api.perplexity.ai", AUTHORIZATION, BEARER),
            new Builtin("huggingface", "https://api-inference.huggingface.co/models", AUTHORIZATION, BEARER),
            new Builtin("replicate", "https://api.replicate.com/v1", AUTHORIZATION, BEARER),
            new Builtin("deepseek", "https://api.deepseek.com", AUTHORIZATION, BEARER),
            new Builtin("grok", "https://api.x.ai/v1", AUTHORIZATION, BEARER, "x-api-key"),
            new Builtin("openrouter", "https://openrouter.ai/api/v1", AUTHORIZATION, BEARER),
            new Builtin("cerebras", "https://api.cerebras.ai/v1", AUTHORIZATION, BEARER),
            new Builtin("cartesia", "https://api.cartesia.ai", "x-api-key", ""),
            new Builtin("elevenlabs", "https://api.elevenlabs.io", "xi-api-key", ""),
            new Builtin("fal", "https://fal.run", AUTHORIZATION, "Key"),
            new Builtin("ideogram", "https://api.ideogram.ai", "api-key", ""),
            new Builtin("baseten", "https://inference.baseten.co", AUTHORIZATION, BEARER),
            new Builtin("parallel", "https://api.parallel.ai", "x-api-key", ""));

    private final Map<String, Provider> providers = new LinkedHashMap<>();
    /** Provider slug → deployment name → base URL ({@code gateway.providers.<slug>.deployments.*}). */
    private final Map<String, Map<String, String>> deployments = new java.util.TreeMap<>();

    public ProviderCatalogue(GatewayConfig config) {
        Duration defaultFirstByte = config.upstream().firstByteTimeout();
        config.providers().forEach((slug, p) -> {
            Map<String, String> byName = new java.util.TreeMap<>();
            p.deployments().forEach((name, url) -> {
                if (!url.isBlank()) {
                    byName.put(name.replace("\"", ""), UpstreamUrl.stripTrailingSlash(url.strip()));
                }
            });
            if (!byName.isEmpty()) {
                deployments.put(slug.replace("\"", ""), Map.copyOf(byName));
            }
        });
        for (Builtin b : BUILTINS) {
            Optional<ConfiguredProvider> override =
                    Optional.ofNullable(config.providers().get(b.slug));
            String baseUrl = override.flatMap(ConfiguredProvider::baseUrl)
                    .map(UpstreamUrl::stripTrailingSlash)
                    .orElse(b.baseUrl);
            Duration firstByte =
                    override.flatMap(ConfiguredProvider::firstByteTimeout).orElse(defaultFirstByte);
            providers.put(
                    b.slug,
                    new Provider(
                            b.slug,
                            baseUrl,
                            b.credential(),
                            b.credentialHeaders(),
                            paths(b.slug, override),
                            firstByte,
                            override.flatMap(ConfiguredProvider::trustCertificates)
                                    .orElse(List.of()),
                            Vendors.of(b.slug)));
        }
        config.providers().forEach((slug, custom) -> {
            if (!slug.startsWith("custom-") || slug.length() == "custom-".length()) {
                return;
            }
            String baseUrl = custom.baseUrl()
                    .orElseThrow(
                            () -> new IllegalStateException("gateway.providers." + slug + ".base-url is required"));
            String header = custom.authHeader().toLowerCase(Locale.ROOT);
            String scheme = "none".equalsIgnoreCase(custom.authScheme()) ? "" : custom.authScheme();
            providers.put(
                    slug,
                    new Provider(
                            slug,
                            UpstreamUrl.stripTrailingSlash(baseUrl),
                            new Credential(header, scheme),
                            List.of(header),
                            new VersionTolerantPaths(),
                            custom.firstByteTimeout().orElse(defaultFirstByte),
                            custom.trustCertificates().orElse(List.of()),
                            ProviderRules.COMPATIBLE));
        });
    }

    private static UpstreamPaths paths(String slug, Optional<ConfiguredProvider> override) {
        return switch (slug) {
            case "azure-openai" -> new AzureOpenAiPaths();
            case "aws-bedrock" -> new BedrockPaths();
            case "google-vertex-ai" -> new VertexPaths();
            case "workers-ai" -> new WorkersAiPaths();
            case "fal" ->
                new FalPaths(override.flatMap(ConfiguredProvider::allowedTargetHosts)
                        .orElse(FalPaths.DEFAULT_ALLOWED_HOSTS));
            default -> new VersionTolerantPaths();
        };
    }

    /** Whether a (lower-case) header name carries some provider's credential. */
    public boolean isCredentialHeader(String name) {
        if (credentialHeaders == null) {
            java.util.Set<String> all = new java.util.HashSet<>();
            providers.values().forEach(p -> all.addAll(p.credentialHeaders()));
            credentialHeaders = java.util.Set.copyOf(all);
        }
        return credentialHeaders.contains(name);
    }

    private volatile java.util.Set<String> credentialHeaders;

    /** The provider for a slug, if the gateway knows it. */
    /** A provider's configured deployments: name → base URL (empty when it has none). */
    public Map<String, String> deployments(String slug) {
        return deployments.getOrDefault(slug, Map.of());
    }

    public Optional<Provider> find(String slug) {
        return Optional.ofNullable(providers.get(slug));
    }

    public Collection<Provider> all() {
        return providers.values();
    }

    private record Builtin(String slug, String baseUrl, String header, String scheme, String... otherHeaders) {

        Credential credential() {
            return new Credential(header, scheme);
        }

        List<String> credentialHeaders() {
            List<String> all = new java.util.ArrayList<>();
            all.add(header);
            all.addAll(List.of(otherHeaders));
            return List.copyOf(all);
        }
    }
}
