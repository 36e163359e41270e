package dev.aigateway.provider.bedrock;

import dev.aigateway.provider.ErrorHints;
import dev.aigateway.provider.ProviderRules;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * Amazon Bedrock: Mantle takes its key as {@code x-api-key}; the error is named in {@code x-amzn-errortype}
 * (throttling and a model not ready are worth a retry, a service quota is not) and 424 is a model error worth a
 * retry; the model is in the path and priced without its inference-profile prefix.
 */
public class BedrockRules extends ProviderRules {

    static final ErrorHints ERROR_HINTS = ErrorHints.outOfMoney("servicequotaexceeded")
            .withHeader("x-amzn-errortype", "servicequotaexceeded", true, ErrorHints.Verdict.FALL_BACK)
            .withHeader("x-amzn-errortype", "throttling", true, ErrorHints.Verdict.RETRY)
            .withHeader("x-amzn-errortype", "modelnotready", true, ErrorHints.Verdict.RETRY)
            .withHeader("x-amzn-errortype", "modeltimeout", true, ErrorHints.Verdict.RETRY)
            .withStatus(424, ErrorHints.Verdict.RETRY);

    @Override
    public void adaptCredentials(String providerPath, MultiMap upstreamHeaders) {
        BedrockPaths.adaptMantleCredential(providerPath, upstreamHeaders);
    }

    @Override
    public ErrorHints errorHints() {
        return ERROR_HINTS;
    }

    @Override
    public List<String> pricingNames(String model) {
        return List.of(BedrockPaths.pricingName(listedName(model)));
    }

    @Override
    public String modelInPath(String providerPath) {
        return BedrockPaths.modelFromPath(providerPath);
    }
}
