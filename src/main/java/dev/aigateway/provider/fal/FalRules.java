package dev.aigateway.provider.fal;

import dev.aigateway.provider.ProviderRules;
import java.util.List;

/** Fal: {@code x-fal-target-url} tells the gateway where to go (see {@link FalPaths}) and is not forwarded. */
public class FalRules extends ProviderRules {

    @Override
    public List<String> gatewayOnlyHeaders() {
        return List.of(FalPaths.TARGET_URL_HEADER);
    }
}
