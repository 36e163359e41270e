package dev.aigateway.provider.azure;

import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.provider.openai.OpenAiRules;
import java.util.List;

/** Azure OpenAI: OpenAI's {@code include_usage}; {@code api-version} changes the answer. */
public class AzureOpenAiRules extends ProviderRules {

    @Override
    public boolean includeUsage(WireFormat format) {
        return OpenAiRules.acceptsStreamOptions(format);
    }

    @Override
    public List<String> cacheVaryingHeaders() {
        return List.of("api-version");
    }
}
