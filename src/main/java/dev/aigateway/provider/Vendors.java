package dev.aigateway.provider;

import dev.aigateway.provider.anthropic.AnthropicRules;
import dev.aigateway.provider.azure.AzureOpenAiRules;
import dev.aigateway.provider.bedrock.BedrockRules;
import dev.aigateway.provider.deepseek.DeepSeekRules;
import dev.aigateway.provider.fal.FalRules;
import dev.aigateway.provider.google.GoogleAiStudioRules;
import dev.aigateway.provider.groq.GroqRules;
import dev.aigateway.provider.openai.OpenAiRules;
import dev.aigateway.provider.openrouter.OpenRouterRules;
import dev.aigateway.provider.perplexity.PerplexityRules;
import dev.aigateway.provider.vertex.VertexRules;
import dev.aigateway.provider.workersai.WorkersAiRules;
import dev.aigateway.provider.xai.GrokRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The vendors with rules of their own, by provider slug, and what every provider's traffic is read with because
 * aggregators and compatible servers pass other vendors' answers on: all error hints, all answer-varying headers, all
 * usage shapes.
 */
public final class Vendors {

    /** In this order: the cache key's varying headers keep the order they always had (entries stay valid). */
    private static final Map<String, ProviderRules> BY_SLUG = new LinkedHashMap<>();

    static {
        BY_SLUG.put("anthropic", new AnthropicRules());
        BY_SLUG.put("openai", new OpenAiRules());
        BY_SLUG.put("azure-openai", new AzureOpenAiRules());
        BY_SLUG.put("google-ai-studio", new GoogleAiStudioRules());
        BY_SLUG.put("google-vertex-ai", new VertexRules());
        BY_SLUG.put("aws-bedrock", new BedrockRules());
        BY_SLUG.put("workers-ai", new WorkersAiRules());
        BY_SLUG.put("groq", new GroqRules());
        BY_SLUG.put("deepseek", new DeepSeekRules());
        BY_SLUG.put("grok", new GrokRules());
        BY_SLUG.put("perplexity-ai", new PerplexityRules());
        BY_SLUG.put("openrouter", new OpenRouterRules());
        BY_SLUG.put("fal", new FalRules());
    }

    private static final ErrorHints ERROR_HINTS;
    private static final List<String> VARYING_HEADERS;
    private static final UsageDialect USAGE_SHAPES;

    static {
        ErrorHints hints = ErrorHints.NONE;
        LinkedHashSet<String> varying = new LinkedHashSet<>();
        UsageDialect shapes = UsageDialect.PLAIN;
        for (ProviderRules rules : BY_SLUG.values()) {
            hints = hints.and(rules.errorHints());
            varying.addAll(rules.cacheVaryingHeaders());
            shapes = shapes.withShapesOf(rules.usageDialect());
        }
        ERROR_HINTS = hints;
        VARYING_HEADERS = List.copyOf(new ArrayList<>(varying));
        USAGE_SHAPES = shapes;
    }

    private Vendors() {}

    /** The rules of a provider slug: its vendor's, or {@link ProviderRules#COMPATIBLE} (custom providers too). */
    public static ProviderRules of(String slug) {
        ProviderRules rules = slug == null ? null : BY_SLUG.get(slug);
        return rules != null ? rules : ProviderRules.COMPATIBLE;
    }

    /** Every vendor's error hints: what failure classification reads any provider's error answer with. */
    public static ErrorHints errorHints() {
        return ERROR_HINTS;
    }

    /** Every vendor's answer-varying request headers, in a fixed order (part of every cache key). */
    public static List<String> cacheVaryingHeaders() {
        return VARYING_HEADERS;
    }

    /** How to read a provider's usage: its vendor's accounting, with every vendor's usage shapes. */
    public static UsageDialect usageDialect(String slug) {
        return of(slug).usageDialect().withShapesOf(USAGE_SHAPES);
    }
}
