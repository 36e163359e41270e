package dev.aigateway.provider;

import java.util.regex.Pattern;

/**
 * Appends the provider path to the base URL, without doubling a version segment the client already sent
 * (Cloudflare's docs use both {@code /openai/chat/completions} and {@code /openai/v1/chat/completions}).
 */
public final class VersionTolerantPaths implements UpstreamPaths {

    private static final Pattern VERSION_SEGMENT = Pattern.compile("v\\d+((alpha|beta)\\d*)?");

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        UpstreamUrl base = UpstreamUrl.of(baseUrl, "", null);
        String basePath = base.uri().equals("/") ? "" : base.uri();
        String path = request.providerPath();
        String upstreamBase = baseUrl;
        if (!basePath.isEmpty() && startsWithSegments(path, basePath)) {
            // The client sent the whole base path again (e.g. /groq/openai/v1/...).
            upstreamBase = baseUrl.substring(0, baseUrl.length() - basePath.length());
        } else {
            int lastSlash = basePath.lastIndexOf('/');
            String lastSegment = basePath.substring(lastSlash + 1);
            if (VERSION_SEGMENT.matcher(lastSegment).matches() && startsWithSegments(path, "/" + lastSegment)) {
                upstreamBase = baseUrl.substring(0, baseUrl.length() - lastSegment.length() - 1);
            }
        }
        return UpstreamUrl.of(upstreamBase, path, request.rawQuery());
    }

    static boolean startsWithSegments(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
