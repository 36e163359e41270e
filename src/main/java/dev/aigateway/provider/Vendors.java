package dev.aigateway.provider;

import dev.aigateway.provider.anthropic.AnthropicRules;
import dev.aigateway.provider.bedrock.BedrockRules;
import dev.aigateway.provider.fal.FalPaths;
import dev.aigateway.provider.google.GoogleAiStudioRules;
import dev.aigateway.provider.openrouter.OpenRouterRules;
import dev.aigateway.provider.workersai.WorkersAiRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The vendors with rules of their own, by provider slug (declared here when they differ from an OpenAI-compatible API
 * only in values, a rules class in {@code provider/<vendor>/} when they need code), and what every provider's traffic is read with because
 * aggregators and compatible servers pass other vendors' answers on: all error hints, all answer-varying headers, all
 * usage shapes.
 */
public final class Vendors {

    /** In this order: the cache key's varying headers keep the order they always had (entries stay valid). */
    private static final Map<String, ProviderRules> BY_SLUG = new LinkedHashMap<>();

    /**
     * OpenAI's error hints: {@code insufficient_quota} is a 429 that no retry fixes; {@code x-should-retry: false}
     * forbids a retry.
     */
    static final ErrorHints OPENAI_ERRORS = ErrorHints.outOfMoney(
                    "insufficient_quota", "billing_hard_limit", "exceeded your current quota")
            .withHeader("x-should-retry", "false", false, ErrorHints.Verdict.DO_NOT_RETRY);

    static {
        // Vendors that differ from an OpenAI-compatible API only in values are declared here; those that need code
        // have a rules class in provider/<vendor>/.
        BY_SLUG.put("anthropic", new AnthropicRules());
        // OpenAI: chat and completions streams report usage only when asked; organization and project scope an answer
        BY_SLUG.put(
                "openai",
                ProviderRules.COMPATIBLE
                        .withStreamOptionsUsage()
                        .withErrorHints(OPENAI_ERRORS)
                        .withCacheVaryingHeaders("openai-organization", "openai-project"));
        // Azure OpenAI: OpenAI's include_usage; api-version changes the answer
        BY_SLUG.put(
                "azure-openai",
                ProviderRules.COMPATIBLE.withStreamOptionsUsage().withCacheVaryingHeaders("api-version"));
        BY_SLUG.put("google-ai-studio", new GoogleAiStudioRules());
        // Vertex AI: the model is in the path (…/publishers/{p}/models/{model}:method); Google's error hints
        BY_SLUG.put(
                "google-vertex-ai",
                ProviderRules.COMPATIBLE
                        .withModelInPath(ModelInPath::modelsMethod)
                        .withErrorHints(GoogleAiStudioRules.GOOGLE_ERRORS));
        BY_SLUG.put("aws-bedrock", new BedrockRules());
        BY_SLUG.put("workers-ai", new WorkersAiRules());
        // Groq: OpenAI's include_usage; stream usage may come inside x_groq
        BY_SLUG.put(
                "groq",
                ProviderRules.COMPATIBLE
                        .withStreamOptionsUsage()
                        .withUsageDialect(UsageDialect.PLAIN.withUsageContainers("x_groq")));
        // DeepSeek: OpenAI's include_usage; cached prompt tokens are prompt_cache_hit_tokens
        BY_SLUG.put(
                "deepseek",
                ProviderRules.COMPATIBLE
                        .withStreamOptionsUsage()
                        .withUsageDialect(UsageDialect.PLAIN.withCachedInputFields("prompt_cache_hit_tokens")));
        // xAI: OpenAI's include_usage; cached prompt tokens are cached_prompt_text_tokens; reasoning tokens are
        // billed as output but not counted in completion_tokens
        BY_SLUG.put(
                "grok",
                ProviderRules.COMPATIBLE
                        .withStreamOptionsUsage()
                        .withUsageDialect(UsageDialect.PLAIN
                                .withCachedInputFields("cached_prompt_text_tokens")
                                .withReasoningOutsideOutput()));
        // Perplexity: reasoning and citation tokens are billed as output but reported beside completion_tokens
        BY_SLUG.put(
                "perplexity-ai",
                ProviderRules.COMPATIBLE.withUsageDialect(
                        UsageDialect.PLAIN.withOutputAddedFields("reasoning_tokens", "citation_tokens")));
        BY_SLUG.put("openrouter", new OpenRouterRules());
        // Fal: x-fal-target-url tells the gateway where to go (see FalPaths) and is not forwarded
        BY_SLUG.put("fal", ProviderRules.COMPATIBLE.withGatewayOnlyHeaders(FalPaths.TARGET_URL_HEADER));
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
