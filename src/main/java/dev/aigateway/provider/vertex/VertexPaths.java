package dev.aigateway.provider.vertex;

import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.UpstreamPaths;
import dev.aigateway.provider.UpstreamUrl;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /google-vertex-ai/v1/projects/{p}/locations/{region}/...} → {@code https://{region}-aiplatform.googleapis.com/v1/...}
 * ({@code global} has no region prefix).
 */
public final class VertexPaths implements UpstreamPaths {

    public static final String DEFAULT_BASE_URL = "https://{location-prefix}aiplatform.googleapis.com";

    private static final Pattern LOCATION = Pattern.compile("/locations/([^/:?]+)");

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        Matcher m = LOCATION.matcher(request.providerPath());
        if (!m.find()) {
            throw PathSegments.invalid("/google-vertex-ai/v1/projects/{project}/locations/{region}/...");
        }
        String region = PathSegments.hostLabel(m.group(1), "Vertex location");
        String prefix = "global".equals(region) ? "" : region + "-";
        String base = baseUrl.replace("{location-prefix}", prefix).replace("{region}", region);
        return UpstreamUrl.of(base, request.providerPath(), request.rawQuery());
    }
}
