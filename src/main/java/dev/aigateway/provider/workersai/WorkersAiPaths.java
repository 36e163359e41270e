package dev.aigateway.provider.workersai;

import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.UpstreamPaths;
import dev.aigateway.provider.UpstreamUrl;

/**
 * {@code /workers-ai/@cf/model} → {@code .../accounts/{account}/ai/run/@cf/model}; the OpenAI-style
 * {@code /workers-ai/v1/...} → {@code .../accounts/{account}/ai/v1/...}.
 */
public final class WorkersAiPaths implements UpstreamPaths {

    public static final String DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4/accounts/{account}/ai";

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        String account = request.accountId();
        if (account == null || !account.matches("[A-Za-z0-9]{1,64}")) {
            throw PathSegments.invalid("/v1/{account_id}/{gateway}/workers-ai/... with a Cloudflare account id");
        }
        String base = baseUrl.replace("{account}", account);
        String path = request.providerPath();
        String rest = path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/run/") ? path : "/run" + path;
        return UpstreamUrl.of(base, rest, request.rawQuery());
    }
}
