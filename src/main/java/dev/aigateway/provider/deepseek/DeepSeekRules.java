package dev.aigateway.provider.deepseek;

import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.UsageDialect;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.openai.OpenAiRules;

/** DeepSeek: OpenAI's {@code include_usage}; cached prompt tokens are {@code prompt_cache_hit_tokens}. */
public class DeepSeekRules extends ProviderRules {

    @Override
    public boolean includeUsage(WireFormat format) {
        return OpenAiRules.acceptsStreamOptions(format);
    }

    @Override
    public UsageDialect usageDialect() {
        return UsageDialect.PLAIN.withCachedInputFields("prompt_cache_hit_tokens");
    }
}
