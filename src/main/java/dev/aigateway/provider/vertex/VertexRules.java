package dev.aigateway.provider.vertex;

import dev.aigateway.provider.ErrorHints;
import dev.aigateway.provider.ModelInPath;
import dev.aigateway.provider.ProviderRules;
import dev.aigateway.provider.google.GoogleAiStudioRules;

/** Vertex AI: the model is in the path ({@code …/publishers/{p}/models/{model}:method}); Google's error hints. */
public class VertexRules extends ProviderRules {

    @Override
    public String modelInPath(String providerPath) {
        return ModelInPath.modelsMethod(providerPath);
    }

    @Override
    public ErrorHints errorHints() {
        return GoogleAiStudioRules.GOOGLE_ERRORS;
    }
}
