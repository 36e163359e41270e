package dev.aigateway.provider.groq;

import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.UsageDialect;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.openai.OpenAiRules;

/** Groq: OpenAI's {@code include_usage}; stream usage may come inside {@code x_groq}. */
public class GroqRules extends ProviderRules {

    @Override
    public boolean includeUsage(WireFormat format) {
        return OpenAiRules.acceptsStreamOptions(format);
    }

    @Override
    public UsageDialect usageDialect() {
        return UsageDialect.PLAIN.withUsageContainers("x_groq");
    }
}
