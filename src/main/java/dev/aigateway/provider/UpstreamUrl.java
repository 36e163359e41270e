package dev.aigateway.provider;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;

/** Where one request goes: scheme, host, port and the raw path-and-query sent upstream. */
public record UpstreamUrl(boolean ssl, String host, int port, String uri) {

    /** Splits an absolute base URL (path without trailing slash) and appends a raw path and query to it. */
    public static UpstreamUrl of(String base, String rawPath, String rawQuery) {
        // Hand-parsed: base URLs come from configuration or validated path segments, and this runs per request.
        boolean ssl;
        int hostStart;
        if (base.regionMatches(true, 0, "https://", 0, 8)) {
            ssl = true;
            hostStart = 8;
        } else if (base.regionMatches(true, 0, "http://", 0, 7)) {
            ssl = false;
            hostStart = 7;
        } else {
            throw invalidBase();
        }
        int pathStart = base.indexOf('/', hostStart);
        String authority = pathStart < 0 ? base.substring(hostStart) : base.substring(hostStart, pathStart);
        String basePath = pathStart < 0 ? "" : stripTrailingSlash(base.substring(pathStart));
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 || authority.endsWith("]") ? authority : authority.substring(0, colon);
        int port = ssl ? 443 : 80;
        if (colon >= 0 && !authority.endsWith("]")) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalidBase();
            }
        }
        if (host.isEmpty() || host.indexOf('@') >= 0 || basePath.indexOf('?') >= 0 || basePath.indexOf('#') >= 0) {
            throw invalidBase();
        }
        String path = basePath + rawPath;
        // Last line of defence for every path rule (template values included): nothing climbs out of the base.
        PathSegments.rejectDotSegments(path);
        checkQuery(rawQuery);
        if (path.isEmpty()) {
            path = "/";
        }
        String uri = rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        return new UpstreamUrl(ssl, host, port, uri);
    }

    /** A raw query goes upstream as it is: no controls, spaces or fragment that would change the request line. */
    static void checkQuery(String rawQuery) {
        if (rawQuery == null) {
            return;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '#') {
                throw new GatewayException(
                        GatewayError.INVALID_PROVIDER_PATH, "Query string contains a character that is not allowed");
            }
        }
    }

    private static GatewayException invalidBase() {
        return new GatewayException(GatewayError.INVALID_PROVIDER_PATH, "Provider base URL is not a valid http(s) URL");
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
