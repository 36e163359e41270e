package dev.aigateway.provider.openai;

import dev.aigateway.provider.ErrorHints;
import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.WireFormat;
import java.util.List;

/**
 * OpenAI: chat and completions streams report usage only when asked ({@code stream_options.include_usage});
 * {@code insufficient_quota} is a 429 that no retry fixes; {@code x-should-retry: false} forbids a retry; the
 * organization and project headers scope an answer.
 */
public class OpenAiRules extends ProviderRules {

    static final ErrorHints ERROR_HINTS = ErrorHints.outOfMoney(
                    "insufficient_quota", "billing_hard_limit", "exceeded your current quota")
            .withHeader("x-should-retry", "false", false, ErrorHints.Verdict.DO_NOT_RETRY);

    @Override
    public boolean includeUsage(WireFormat format) {
        return OpenAiRules.acceptsStreamOptions(format);
    }

    /** Whether this format takes OpenAI's {@code stream_options} (chat and text completions). */
    public static boolean acceptsStreamOptions(WireFormat format) {
        return format == WireFormat.OPENAI_CHAT || format == WireFormat.OPENAI_COMPLETIONS;
    }

    @Override
    public ErrorHints errorHints() {
        return ERROR_HINTS;
    }

    @Override
    public List<String> cacheVaryingHeaders() {
        return List.of("openai-organization", "openai-project");
    }
}
