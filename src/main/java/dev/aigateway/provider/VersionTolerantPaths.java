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
        String basePath = basePath(baseUrl);
        String path = request.providerPath();
        // The longest tail of the base path that the client already sent (e.g. "/openai/v1" or "/v1") is not repeated.
        for (int cut = 0; cut >= 0 && cut < basePath.length(); cut = basePath.indexOf('/', cut + 1)) {
            String tail = basePath.substring(cut);
            String lastSegment = tail.substring(tail.lastIndexOf('/') + 1);
            if (VERSION_SEGMENT.matcher(lastSegment).matches() && startsWithSegments(path, tail)) {
                return UpstreamUrl.of(baseUrl.substring(0, baseUrl.length() - tail.length()), path, request.rawQuery());
            }
        }
        return UpstreamUrl.of(baseUrl, path, request.rawQuery());
    }

    private static String basePath(String baseUrl) {
        int scheme = baseUrl.indexOf("://");
        int slash = baseUrl.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        return slash < 0 ? "" : UpstreamUrl.stripTrailingSlash(baseUrl.substring(slash));
    }

    static boolean startsWithSegments(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
