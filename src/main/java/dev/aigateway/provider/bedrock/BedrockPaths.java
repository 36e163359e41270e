package dev.aigateway.provider.bedrock;

import dev.aigateway.provider.ModelInPath;
import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.UpstreamPaths;
import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.MultiMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /aws-bedrock/{service}/{region}/rest} → {@code https://{service}.{region}.amazonaws.com/rest}
 * ({@code bedrock-mantle} lives under {@code api.aws}).
 */
public final class BedrockPaths implements UpstreamPaths {

    public static final String DEFAULT_BASE_URL = "https://{service}.{region}.{domain}";

    private static final Set<String> SERVICES =
            Set.of("bedrock-runtime", "bedrock", "bedrock-agent-runtime", "bedrock-agent", "bedrock-mantle");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        String[] parts = PathSegments.split(request.providerPath(), 3);
        if (parts.length < 2
                || !SERVICES.contains(parts[0])
                || !REGION.matcher(parts[1]).matches()) {
            throw PathSegments.invalid("/aws-bedrock/bedrock-runtime/{region}/model/{modelId}/...");
        }
        String domain = "bedrock-mantle".equals(parts[0]) ? "api.aws" : "amazonaws.com";
        String base = baseUrl.replace("{service}", parts[0])
                .replace("{region}", parts[1])
                .replace("{domain}", domain);
        String rest = parts.length == 3 ? "/" + parts[2] : "";
        return UpstreamUrl.of(base, rest, request.rawQuery());
    }

    private static final Pattern MODEL = Pattern.compile(
            "^/bedrock-runtime/[^/]+/model/([^/]+)/(invoke|invoke-with-response-stream|converse|converse-stream)$");

    /** The model id of a runtime call ({@code /bedrock-runtime/{region}/model/{modelId}/invoke}), or null. */
    public static String model(String providerPath) {
        int q = providerPath.indexOf('?');
        var m = MODEL.matcher(q >= 0 ? providerPath.substring(0, q) : providerPath);
        return m.matches() ? ModelInPath.decoded(m.group(1)) : null;
    }

    /** Bedrock Mantle takes a Bedrock API key as {@code x-api-key}, while SDKs send it as a bearer token. */
    public static void adaptMantleCredential(String providerPath, MultiMap upstreamHeaders) {
        if (!providerPath.startsWith("/bedrock-mantle/") || upstreamHeaders.contains("x-api-key")) {
            return;
        }
        String auth = upstreamHeaders.get("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            upstreamHeaders
                    .remove("authorization")
                    .set("x-api-key", auth.substring(7).strip());
        }
    }
}
