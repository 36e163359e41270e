package dev.aigateway.provider.fal;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.UpstreamPaths;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.VersionTolerantPaths;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Fal: {@code /fal/{path}} goes to the base URL; {@code x-fal-target-url} (Fal SDK proxy convention) names the full
 * target URL, which must be HTTPS on an allowed Fal host so the gateway cannot be used to reach arbitrary hosts.
 */
public final class FalPaths implements UpstreamPaths {

    public static final String TARGET_URL_HEADER = "x-fal-target-url";
    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of("fal.run", "*.fal.run", "fal.ai", "*.fal.ai");

    private final List<String> allowedHosts;
    private final UpstreamPaths base = new VersionTolerantPaths();

    public FalPaths(List<String> allowedHosts) {
        this.allowedHosts =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        String target = request.headers().get(TARGET_URL_HEADER);
        if (target == null) {
            return base.resolve(request, baseUrl);
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (Exception e) {
            throw rejected();
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost");
        boolean schemeOk = "https".equals(uri.getScheme()) || (loopback && "http".equals(uri.getScheme()));
        if (!schemeOk || uri.getRawUserInfo() != null || !hostAllowed(host)) {
            throw rejected();
        }
        String origin = uri.getScheme() + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return UpstreamUrl.of(origin, path, uri.getRawQuery());
    }

    private boolean hostAllowed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private static GatewayException rejected() {
        return new GatewayException(
                GatewayError.INVALID_PROVIDER_PATH, "x-fal-target-url must be an https URL on an allowed Fal host");
    }
}
