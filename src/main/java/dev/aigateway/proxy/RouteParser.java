package dev.aigateway.proxy;

import dev.aigateway.config.GatewayConfig;
import jakarta.inject.Singleton;

/**
 * Splits the raw (still percent-encoded) request path into gateway, provider and provider path, so the provider
 * path goes upstream exactly as the client wrote it.
 */
@Singleton
public class RouteParser {

    private final String hostGateway;

    public RouteParser(GatewayConfig config) {
        this.hostGateway = config.hostGateway();
    }

    /** {@code /v1/{account}/{gateway}/{provider}/{provider_path}}. */
    Route full(String rawPath) {
        String[] head = new String[4];
        String rest = split(rawPath, head);
        return new Route(head[1], head[2], head[3], rest);
    }

    /** {@code /{provider}/{provider_path}} on the host gateway. */
    Route hosted(String rawPath) {
        String[] head = new String[1];
        String rest = split(rawPath, head);
        return new Route(null, hostGateway, head[0], rest);
    }

    /** Fills {@code head} with the leading segments and returns the remainder ("" or starting with "/"). */
    static String split(String rawPath, String[] head) {
        int pos = rawPath.startsWith("/") ? 1 : 0;
        for (int i = 0; i < head.length; i++) {
            int slash = rawPath.indexOf('/', pos);
            int end = slash < 0 ? rawPath.length() : slash;
            head[i] = rawPath.substring(Math.min(pos, end), end);
            pos = slash < 0 ? rawPath.length() : slash + 1;
        }
        int restStart = pos > 0 && pos <= rawPath.length() && rawPath.charAt(pos - 1) == '/' ? pos - 1 : pos;
        return rawPath.substring(Math.min(restStart, rawPath.length()));
    }
}
