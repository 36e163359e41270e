package dev.aigateway.provider.azure;

import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.UpstreamPaths;
import dev.aigateway.provider.UpstreamUrl;

/** {@code /azure-openai/{resource}/{deployment}/rest} → {@code https://{resource}.openai.azure.com/openai/deployments/{deployment}/rest}. */
public final class AzureOpenAiPaths implements UpstreamPaths {

    public static final String DEFAULT_BASE_URL = "https://{resource}.openai.azure.com/openai/deployments/{deployment}";

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        String[] parts = PathSegments.split(request.providerPath(), 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw PathSegments.invalid("/azure-openai/{resource}/{deployment}/...");
        }
        String resource = PathSegments.hostLabel(parts[0], "Azure resource");
        String deployment = parts[1];
        if (!deployment.matches("[A-Za-z0-9._-]{1,64}")) {
            throw PathSegments.invalid("/azure-openai/{resource}/{deployment}/...");
        }
        String base = baseUrl.replace("{resource}", resource).replace("{deployment}", deployment);
        String rest = parts.length == 3 ? "/" + parts[2] : "";
        return UpstreamUrl.of(base, rest, request.rawQuery());
    }
}
