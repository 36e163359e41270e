package dev.aigateway.provider.perplexity;

import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.UsageDialect;

/** Perplexity: reasoning and citation tokens are billed as output but reported beside {@code completion_tokens}. */
public class PerplexityRules extends ProviderRules {

    @Override
    public UsageDialect usageDialect() {
        return UsageDialect.PLAIN.withOutputAddedFields("reasoning_tokens", "citation_tokens");
    }
}
