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

    public static GatewayException invalid(String expected) {
        return new GatewayException(GatewayError.INVALID_PROVIDER_PATH, "Provider path must look like " + expected);
    }
}
