package dev.aigateway.provider.openrouter;

import dev.aigateway.provider.ProviderRules;
import java.util.List;

/** OpenRouter: models are named {@code vendor/model}; priced as listed, else as the model without its vendor. */
public class OpenRouterRules extends ProviderRules {

    @Override
    public List<String> pricingNames(String model) {
        String m = listedName(model);
        int slash = m.indexOf('/');
        return slash >= 0 ? List.of(m, m.substring(slash + 1)) : List.of(m);
    }
}
