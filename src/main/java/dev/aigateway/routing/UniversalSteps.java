package dev.aigateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.PathSegments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The body of a Universal request ({@code POST /v1/{account}/{gateway}}): a JSON array of steps (a single step object
 * is accepted too), each {@code {provider, endpoint, headers, query, config}} with Cloudflare's legacy
 * {@code authorization} string. Everything is checked before the first step runs; a step can only name a catalogue
 * provider and a path under it, never a host.
 */
public final class UniversalSteps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

    /** Most headers a step may set (upstreams refuse large header sections, often by closing the connection). */
    public static final int MAX_STEP_HEADERS = 64;

    /** Most bytes (names and values) of a step's own headers. */
    public static final int MAX_STEP_HEADER_BYTES = 16 * 1024;

    /**
     * One step, ready to be sent.
     *
     * @param path the provider path, starting with {@code /}
     * @param rawQuery the query string of the endpoint, or null
     * @param headers the step's own headers (lower-case names), {@code config} already turned into {@code cf-aig-*}
     * @param body the step's {@code query}, serialised
     */
    public record Step(String provider, String path, String rawQuery, Map<String, String> headers, byte[] body) {}

    private UniversalSteps() {}

    /**
     * @param knownProvider whether a slug is in the provider catalogue
     * @param maxSteps most steps allowed
     */
    public static List<Step> parse(byte[] body, Predicate<String> knownProvider, int maxSteps) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("The Universal request body must be JSON: an array of steps");
        }
        if (root == null || !(root.isArray() || root.isObject())) {
            throw invalid("The Universal request body must be an array of steps (or a single step object)");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        if (nodes.isEmpty()) {
            throw invalid("The Universal request has no steps");
        }
        if (nodes.size() > maxSteps) {
            throw invalid("The Universal request has " + nodes.size() + " steps; at most " + maxSteps + " are allowed");
        }
        List<Step> steps = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            steps.add(step(i, nodes.get(i), knownProvider));
        }
        return steps;
    }

    private static Step step(int i, JsonNode node, Predicate<String> knownProvider) {
        if (!node.isObject()) {
            throw invalid(i, "must be an object");
        }
        JsonNode provider = node.get("provider");
        if (provider == null || !provider.isTextual() || provider.asText().isBlank()) {
            throw invalid(i, "needs a 'provider'");
        }
        String slug = provider.asText().strip().toLowerCase(Locale.ROOT);
        if (!knownProvider.test(slug)) {
            throw new GatewayException(
                    GatewayError.INVALID_PROVIDER, "Step " + i + ": invalid provider '" + printable(slug) + "'");
        }
        JsonNode endpointNode = node.get("endpoint");
        if (endpointNode == null || !endpointNode.isTextual()) {
            throw invalid(i, "needs an 'endpoint' (the path after the provider, e.g. chat/completions)");
        }
        String endpoint = endpointNode.asText().strip();
        String rawQuery = null;
        int q = endpoint.indexOf('?');
        if (q >= 0) {
            rawQuery = endpoint.substring(q + 1);
            endpoint = endpoint.substring(0, q);
        }
        while (endpoint.startsWith("/")) {
            endpoint = endpoint.substring(1);
        }
        checkPath(i, endpoint, rawQuery);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = node.get("headers");
        if (headerNode != null && !headerNode.isNull()) {
            if (!headerNode.isObject()) {
                throw invalid(i, "'headers' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = headerNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                JsonNode v = h.getValue();
                if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                    throw invalid(i, "header '" + printable(h.getKey()) + "' must be a string");
                }
                String name = h.getKey().strip().toLowerCase(Locale.ROOT);
                String value = v.asText();
                if (!TOKEN.matcher(name).matches()) {
                    throw invalid(i, "header '" + printable(h.getKey()) + "' is not a valid HTTP header");
                }
                if (headers.size() >= MAX_STEP_HEADERS) {
                    throw tooManyHeaders(i);
                }
                headers.put(name, value);
            }
        }
        JsonNode auth = node.get("authorization");
        if (auth != null && auth.isTextual() && !headers.containsKey("authorization")) {
            headers.put("authorization", auth.asText());
        }
        config(i, node.get("config"), headers);
        checkHeaders(i, headers);
        JsonNode query = node.get("query");
        if (query == null || query.isNull() || query.isMissingNode()) {
            throw invalid(i, "needs a 'query' (the request body the provider expects)");
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(query);
        } catch (JsonProcessingException e) {
            throw invalid(i, "has a 'query' that cannot be serialised");
        }
        return new Step(slug, "/" + endpoint, rawQuery, headers, bytes);
    }

    /** Step {@code config} becomes the matching {@code cf-aig-*} header, unless the step sets that header itself. */
    private static void config(int i, JsonNode config, Map<String, String> headers) {
        if (config == null || config.isNull()) {
            return;
        }
        if (!config.isObject()) {
            throw invalid(i, "'config' must be an object");
        }
        copy(config, "requestTimeout", RetryPolicy.REQUEST_TIMEOUT, headers);
        copy(config, "maxAttempts", RetryPolicy.MAX_ATTEMPTS, headers);
        copy(config, "retryDelay", RetryPolicy.RETRY_DELAY, headers);
        copy(config, "backoff", RetryPolicy.BACKOFF, headers);
    }

    private static void copy(JsonNode config, String field, String header, Map<String, String> headers) {
        JsonNode v = config.get(field);
        if (v != null && (v.isNumber() || v.isTextual()) && !headers.containsKey(header)) {
            headers.put(header, v.asText());
        }
    }

    /**
     * A path under the provider's base URL: no scheme, no host, no fragment, no climbing out with {@code .} or
     * {@code ..} (plain, percent-encoded, or formed by an encoded slash), nothing unprintable; the query likewise.
     */
    private static void checkPath(int i, String endpoint, String rawQuery) {
        if (endpoint.contains("://")
                || endpoint.contains("\\")
                || endpoint.indexOf('#') >= 0
                || !printableAscii(endpoint)) {
            throw invalid(i, "'endpoint' must be a path under the provider, not a URL");
        }
        if (rawQuery != null && (rawQuery.indexOf('#') >= 0 || !printableAscii(rawQuery))) {
            throw invalid(i, "'endpoint' has a query with characters that are not allowed (controls, spaces or '#')");
        }
        try {
            PathSegments.rejectDotSegments("/" + endpoint);
        } catch (GatewayException e) {
            throw invalid(i, "'endpoint' must not contain '.' or '..' segments");
        }
    }

    /** Every value (own headers, legacy {@code authorization}, {@code config}) is valid and the whole is bounded. */
    private static void checkHeaders(int i, Map<String, String> headers) {
        long bytes = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!validHeaderValue(h.getValue())) {
                throw invalid(i, "header '" + printable(h.getKey()) + "' is not a valid HTTP header");
            }
            bytes += h.getKey().length() + h.getValue().length() + 4L;
        }
        if (headers.size() > MAX_STEP_HEADERS || bytes > MAX_STEP_HEADER_BYTES) {
            throw tooManyHeaders(i);
        }
    }

    private static GatewayException tooManyHeaders(int i) {
        return invalid(
                i,
                "has too many or too large headers (at most " + MAX_STEP_HEADERS + " headers, "
                        + MAX_STEP_HEADER_BYTES / 1024 + " KiB in all)");
    }

    /** Visible ASCII only (a raw path or query is sent upstream as it is). */
    private static boolean printableAscii(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A header value may hold visible characters, spaces and tabs; no line breaks or other controls. */
    static boolean validHeaderValue(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static GatewayException invalid(int i, String message) {
        return invalid("Step " + i + " " + message);
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(GatewayError.INVALID_UNIVERSAL_REQUEST, message);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
