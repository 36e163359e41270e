package dev.aigateway.provider.google;

import dev.aigateway.provider.ErrorHints;
import dev.aigateway.provider.ModelInPath;
import dev.aigateway.provider.ProviderRules;

/**
 * Google AI Studio (Gemini API): the model is in the path ({@code …/models/{model}:generateContent}); a bad key is a
 * 400 ({@code API_KEY_INVALID}, {@code PERMISSION_DENIED}); a per-day quota is used up until tomorrow.
 */
public class GoogleAiStudioRules extends ProviderRules {

    /** Google APIs' error hints (Vertex AI shares them). */
    public static final ErrorHints GOOGLE_ERRORS = ErrorHints.outOfMoney(
                    "exceeded your current quota", "perday", "per_day", "requests per day")
            .withBadCredential("api_key_invalid", "permission_denied");

    @Override
    public String modelInPath(String providerPath) {
        return ModelInPath.modelsMethod(providerPath);
    }

    @Override
    public ErrorHints errorHints() {
        return GOOGLE_ERRORS;
    }
}
