package dev.aigateway.provider.anthropic;

import dev.aigateway.provider.ErrorHints;
import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.UsageDialect;
import dev.aigateway.provider.WireFormat;
import java.util.List;

/**
 * Anthropic: every stream error is told as {@code event: error}, whatever the path; usage is always the Messages
 * API's (input excludes cache reads and writes); a low credit balance or a reached spend limit is a billing error no retry fixes; the API
 * version and beta headers change the answer.
 */
public class AnthropicRules extends ProviderRules {

    static final ErrorHints ERROR_HINTS = ErrorHints.outOfMoney("credit_balance", "billing_error", "spend_limit")
            .withHeader("x-should-retry", "false", false, ErrorHints.Verdict.DO_NOT_RETRY);

    @Override
    public WireFormat.ErrorDialect errorDialect(WireFormat format) {
        return WireFormat.ErrorDialect.ANTHROPIC;
    }

    @Override
    public UsageDialect usageDialect() {
        return UsageDialect.PLAIN.withMessagesUsage();
    }

    @Override
    public ErrorHints errorHints() {
        return ERROR_HINTS;
    }

    @Override
    public List<String> cacheVaryingHeaders() {
        return List.of("anthropic-version", "anthropic-beta");
    }
}
