package dev.aigateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;

/**
 * Content codings on both sides of the gateway. Providers are asked for {@code identity}, so everything the gateway
 * keeps or reads (usage, logs, cache entries, token settlement) is plain bytes; toward the client the HTTP server
 * compresses ({@code quarkus.http.enable-compression}: gzip or deflate, as the client's {@code Accept-Encoding}
 * allows, chunk by chunk so streams still flush event by event). Quarkus marks every response
 * {@code Content-Encoding: identity} (= do not compress); {@link #toClient} lifts that mark for text-like bodies.
 */
final class ResponseEncoding {

    private ResponseEncoding() {}

    /** The upstream request asks for an uncompressed answer, whatever the client accepts. */
    static void askIdentity(MultiMap upstreamHeaders) {
        upstreamHeaders.set(HttpHeaders.ACCEPT_ENCODING, HttpHeaders.IDENTITY);
    }

    /**
     * Decides, before the head goes out, whether the server may compress this response: text-like bodies without a
     * coding of their own may be (the server then picks by {@code Accept-Encoding}); anything else stays as it is.
     */
    static void toClient(MultiMap responseHeaders) {
        String coding = codingOf(responseHeaders);
        if (coding != null) {
            // A provider that encoded anyway (it was asked for identity): the body goes through untouched, once.
            responseHeaders.set(HttpHeaders.CONTENT_ENCODING, coding);
            return;
        }
        if (compressible(responseHeaders.get(HttpHeaders.CONTENT_TYPE))) {
            responseHeaders.remove(HttpHeaders.CONTENT_ENCODING);
            responseHeaders.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        } else {
            responseHeaders.set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
    }

    /** The response's content coding other than identity, or null. */
    static String codingOf(MultiMap headers) {
        if (!headers.contains(HttpHeaders.CONTENT_ENCODING)) {
            return null; // (no list of values to make: the usual answer)
        }
        for (String value : headers.getAll(HttpHeaders.CONTENT_ENCODING)) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (!v.isEmpty() && !v.equals("identity")) {
                return value.strip();
            }
        }
        return null;
    }

    static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi);
        }
        type = type.strip();
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/x-ndjson")
                || type.equals("application/jsonl")
                || type.equals("application/xml")
                || type.equals("application/javascript");
    }
}
