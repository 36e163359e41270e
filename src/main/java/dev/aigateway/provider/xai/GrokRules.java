package dev.aigateway.provider.xai;

import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.UsageDialect;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.openai.OpenAiRules;

/**
 * xAI ({@code grok}): OpenAI's {@code include_usage}; cached prompt tokens are {@code cached_prompt_text_tokens};
 * reasoning tokens are billed as output but not counted in {@code completion_tokens}.
 */
public class GrokRules extends ProviderRules {

    @Override
    public boolean includeUsage(WireFormat format) {
        return OpenAiRules.acceptsStreamOptions(format);
    }

    @Override
    public UsageDialect usageDialect() {
        return UsageDialect.PLAIN
                .withCachedInputFields("cached_prompt_text_tokens")
                .withReasoningOutsideOutput();
    }
}
