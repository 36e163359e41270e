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

    // Arrays, compared ignoring case: a header name is matched without lower-casing it first (a string per header and
    // request on the hot path) or hashing it.
    private static final String[] HOP_BY_HOP = {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "http2-settings"
    };

    /** Headers a client sends that only the gateway reads. */
    private static final String[] GATEWAY_ONLY = {"host", "expect", "cf-skip-cache", "cf-cache-ttl"};

    private static final String DIRECTIVE_PREFIX = "cf-aig-";

    private HeaderRules() {}

    /**
     * The client's headers minus hop-by-hop ones, {@code Host} and every {@code cf-aig-*} directive, asking for an
     * uncompressed answer ({@link ResponseEncoding}).
     */
    static MultiMap upstreamRequestHeaders(MultiMap incoming) {
        MultiMap out = HttpHeaders.headers();
        Set<String> listed = connectionListed(incoming);
        for (Map.Entry<String, String> h : incoming) {
            String name = h.getKey();
            if (!isAny(name, HOP_BY_HOP)
                    && !isAny(name, GATEWAY_ONLY)
                    && !name.regionMatches(true, 0, DIRECTIVE_PREFIX, 0, DIRECTIVE_PREFIX.length())
                    && !isListed(name, listed)) {
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
            String name = h.getKey();
            if (!isAny(name, HOP_BY_HOP) && !isListed(name, listed)) {
                out.add(h.getKey(), h.getValue());
            }
        }
    }

    private static boolean isAny(String name, String[] lowerCaseNames) {
        for (String n : lowerCaseNames) {
            if (n.length() == name.length() && n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code Connection} names this header (as hop-by-hop); most requests have no such list. */
    private static boolean isListed(String name, Set<String> listed) {
        return !listed.isEmpty() && listed.contains(name.toLowerCase(Locale.ROOT));
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
