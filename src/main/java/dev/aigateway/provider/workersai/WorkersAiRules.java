package dev.aigateway.provider.workersai;

import dev.aigateway.provider.ModelInPath;
import dev.aigateway.provider.ProviderRules;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Workers AI: the model is in the path ({@code /@cf/{author}/{model}} or {@code /run/@cf/…}). */
public class WorkersAiRules extends ProviderRules {

    private static final Pattern MODEL = Pattern.compile("^(?:/run)?/(@[^/?]+/[^/?]+/[^/?]+)");

    @Override
    public String modelInPath(String providerPath) {
        if (providerPath == null) {
            return null;
        }
        Matcher m = MODEL.matcher(providerPath);
        return m.find() ? ModelInPath.decoded(m.group(1)) : null;
    }
}
