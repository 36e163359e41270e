package dev.aigateway.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The unread body of a request the gateway answered itself (401, 429, …): read and dropped so the HTTP/1.1
 * connection stays usable for the client's next request, bounded in bytes and time; beyond either bound the
 * connection is closed (the client has its answer by then).
 */
final class RequestDrain {

    /** Largest unread body drained to keep a connection (larger ones close it). */
    static final long MAX_BYTES = 1024 * 1024;
    /** Longest a drain may take (a client that stops sending loses its connection). */
    static final long MAX_MILLIS = 5_000;

    private RequestDrain() {}

    /** Whether the rest of this body is small enough to drain (a declared length within the bound, or chunked). */
    static boolean drainable(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return true; // chunked: drained up to the bound
        }
        try {
            return Long.parseLong(length.strip()) <= MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Reads and drops the rest of the body; closes the connection if it exceeds the bounds. */
    static void drain(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
        long timer = vertx.setTimer(MAX_MILLIS, t -> connection.close());
        long[] read = {0};
        request.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > MAX_BYTES) {
                vertx.cancelTimer(timer);
                request.handler(null);
                connection.close();
            }
        });
        request.endHandler(v -> vertx.cancelTimer(timer));
        request.exceptionHandler(t -> vertx.cancelTimer(timer));
        request.resume();
    }
}
