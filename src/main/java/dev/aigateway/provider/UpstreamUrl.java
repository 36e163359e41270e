package dev.aigateway.provider;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import java.net.URI;
import java.net.URISyntaxException;

/** Where one request goes: scheme, host, port and the raw path-and-query sent upstream. */
public record UpstreamUrl(boolean ssl, String host, int port, String uri) {

    /** Splits an absolute base URL (path without trailing slash) and appends a raw path and query to it. */
    public static UpstreamUrl of(String base, String rawPath, String rawQuery) {
        URI parsed;
        try {
            parsed = new URI(base);
        } catch (URISyntaxException e) {
            throw new GatewayException(GatewayError.INVALID_PROVIDER_PATH, "Provider base URL is not a valid URL");
        }
        String scheme = parsed.getScheme();
        if (parsed.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new GatewayException(GatewayError.INVALID_PROVIDER_PATH, "Provider base URL must be http(s)");
        }
        boolean ssl = "https".equals(scheme);
        int port = parsed.getPort() > 0 ? parsed.getPort() : ssl ? 443 : 80;
        String basePath = parsed.getRawPath() == null ? "" : stripTrailingSlash(parsed.getRawPath());
        String path = basePath + rawPath;
        if (path.isEmpty()) {
            path = "/";
        }
        String uri = rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        return new UpstreamUrl(ssl, parsed.getHost(), port, uri);
    }

    public static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The URL without query, for messages and tests (never includes credentials: queries are left out). */
    public String display() {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        boolean defaultPort = ssl ? port == 443 : port == 80;
        return (ssl ? "https://" : "http://") + host + (defaultPort ? "" : ":" + port) + path;
    }
}
