package dev.aigateway.provider;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import java.util.regex.Pattern;

/** Helpers for path rules that move URL segments into the upstream host name. */
public final class PathSegments {

    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private PathSegments() {}

    /** The segments of a raw path; a leading slash is ignored, empty segments are kept. */
    public static String[] split(String providerPath, int limit) {
        String p = providerPath.startsWith("/") ? providerPath.substring(1) : providerPath;
        return p.split("/", limit);
    }

    /** Checks that a URL segment can safely become part of a DNS name (no dots, no ports, no userinfo). */
    public static String hostLabel(String value, String what) {
        if (!HOST_LABEL.matcher(value).matches()) {
            throw new GatewayException(GatewayError.INVALID_PROVIDER_PATH, "Invalid " + what + " in provider path");
        }
        return value;
    }

    /**
     * Refuses a raw (still percent-encoded) path with a {@code .} or {@code ..} segment, written plainly or
     * percent-encoded in any case ({@code %2e}, {@code %2E}), including segments that only appear once an encoded
     * slash or backslash ({@code %2f}, {@code %5c}) is decoded: an upstream that normalises paths would otherwise serve
     * another endpoint with the gateway's stored credential. Also refuses characters that have no place in a raw path
     * sent upstream (controls, spaces, {@code #}, {@code \}).
     */
    public static void rejectDotSegments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return;
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '#' || c == '\\' || c == '?') {
                throw new GatewayException(
                        GatewayError.INVALID_PROVIDER_PATH, "Provider path contains a character that is not allowed");
            }
        }
        int start = 0;
        int n = rawPath.length();
        for (int i = 0; i <= n; i++) {
            int sep = i == n ? 1 : separator(rawPath, i);
            if (sep > 0) {
                if (isDotSegment(rawPath, start, i)) {
                    throw new GatewayException(
                            GatewayError.INVALID_PROVIDER_PATH, "Provider path must not contain '.' or '..' segments");
                }
                start = i + sep;
                i += sep - 1;
            }
        }
    }

    /** Length of the (possibly encoded) path separator at {@code i}: 1 for '/', 3 for %2f or %5c, else 0. */
    private static int separator(String s, int i) {
        char c = s.charAt(i);
        if (c == '/') {
            return 1;
        }
        if (c == '%' && i + 2 < s.length()) {
            char a = s.charAt(i + 1);
            char b = Character.toLowerCase(s.charAt(i + 2));
            if ((a == '2' && b == 'f') || (a == '5' && b == 'c')) {
                return 3;
            }
        }
        return 0;
    }

    /** Whether {@code s[from, to)} decodes to "." or "..". */
    private static boolean isDotSegment(String s, int from, int to) {
        int dots = 0;
        int i = from;
        while (i < to) {
            if (s.charAt(i) == '.') {
                i++;
            } else if (s.charAt(i) == '%'
                    && i + 2 < to
                    && s.charAt(i + 1) == '2'
                    && Character.toLowerCase(s.charAt(i + 2)) == 'e') {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }

    public static GatewayException invalid(String expected) {
        return new GatewayException(GatewayError.INVALID_PROVIDER_PATH, "Provider path must look like " + expected);
    }
}
