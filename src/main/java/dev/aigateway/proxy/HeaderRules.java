package dev.aigateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which headers cross the gateway: hop-by-hop headers never do, and gateway directives stay at the gateway. */
final class HeaderRules {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings");

    /** Headers a client sends that only the gateway reads. */
    private static final Set<String> GATEWAY_ONLY = Set.of("host", "expect", "cf-skip-cache", "cf-cache-ttl");

    private HeaderRules() {}

    /**
     * The client's headers minus hop-by-hop ones, {@code Host} and every {@code cf-aig-*} directive, asking for an
     * uncompressed answer ({@link ResponseEncoding}).
     */
    static MultiMap upstreamRequestHeaders(MultiMap incoming) {
        MultiMap out = HttpHeaders.headers();
        Set<String> listed = connectionListed(incoming);
        for (Map.Entry<String, String> h : incoming) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)
                    && !GATEWAY_ONLY.contains(name)
                    && !name.startsWith("cf-aig-")
                    && !listed.contains(name)) {
                out.add(h.getKey(), h.getValue());
            }
        }
        ResponseEncoding.askIdentity(out); // usage, logs and cache read plain bytes
        return out;
    }

    /** Copies the provider's response headers minus hop-by-hop ones. */
    static void copyResponseHeaders(MultiMap upstream, MultiMap out) {
        Set<String> listed = connectionListed(upstream);
        for (Map.Entry<String, String> h : upstream) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !listed.contains(name)) {
                out.add(h.getKey(), h.getValue());
            }
        }
    }

    private static Set<String> connectionListed(MultiMap headers) {
        String connection = headers.get(HttpHeaders.CONNECTION);
        if (connection == null || connection.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Arrays.asList(
                connection.toLowerCase(Locale.ROOT).replace(" ", "").split(",")));
    }
}
