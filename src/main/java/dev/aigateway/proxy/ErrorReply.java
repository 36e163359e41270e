package dev.aigateway.proxy;

import dev.aigateway.error.ErrorEnvelope;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.routing.UpstreamFailure;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;

/**
 * The gateway's own answer: its error envelope, with the request's id headers. An unread request body is drained
 * (bounded, see {@link RequestDrain}) so the connection stays open, or dropped and the connection closed when it is
 * too large.
 */
final class ErrorReply {

    private static final Duration LINGER = Duration.ofSeconds(5);
    private static final long LINGER_MAX_BYTES = 64L * 1024 * 1024;

    private ErrorReply() {}

    /** Answers with {@code e} (unless the response is already over) and says how the request ended. */
    static Ending send(RequestContext ctx, GatewayException e) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return Ending.refused(e);
        }
        // An unread HTTP/1.1 body would be taken for the next request: drop it and close that connection.
        boolean bodyPending = !request.isEnded()
                && hasBody(request)
                && !ctx.expectsContinue() // the client waits for our answer before it sends the body
                && request.version() != HttpVersion.HTTP_2;
        response.setStatusCode(e.error().httpStatus());
        response.headers().clear();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        if (bodyPending && e.error() != GatewayError.REQUEST_TOO_LARGE && RequestDrain.drainable(request)) {
            RequestDrain.drain(request); // the connection stays open for the client's next request
        } else if (bodyPending) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            lingerThenClose(request);
        }
        response.end(ErrorEnvelope.render(e.error(), e.getMessage()));
        return Ending.refused(e);
    }

    /** {@link #send}, then closes the client's connection ({@code close}): nothing more is read from it. */
    static Ending send(RequestContext ctx, GatewayException e, boolean close) {
        Ending ending = send(ctx, e);
        if (close) {
            ctx.request().connection().close(); // after the answer
        }
        return ending;
    }

    /** What the client is told when no provider answer is left to pass on. */
    static GatewayException of(UpstreamFailure failure) {
        return switch (failure.reason()) {
            case TIMEOUT ->
                new GatewayException(
                        GatewayError.UPSTREAM_TIMEOUT, "Provider did not respond within the first-byte timeout");
            case CIRCUIT_OPEN ->
                new GatewayException(
                        GatewayError.PROVIDER_CIRCUIT_OPEN,
                        "Provider is failing; its circuit breaker is open, try again later");
            case CREDENTIALS -> failure.reply();
            case STATUS, UNREACHABLE, SATURATED, RESET, CANCELLED ->
                new GatewayException(GatewayError.UPSTREAM_UNREACHABLE, "Failed to get response from provider");
        };
    }

    static GatewayException internal() {
        return new GatewayException(GatewayError.INTERNAL, "Internal gateway error");
    }

    static GatewayException tooLarge() {
        return new GatewayException(GatewayError.REQUEST_TOO_LARGE, "Request body is larger than the gateway allows");
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        boolean chunked = te != null && te.toLowerCase().contains("chunked");
        return chunked || (length != null && !length.strip().equals("0"));
    }

    /**
     * Reads and discards the rest of a rejected upload before closing, so the client gets to read the error instead of
     * a broken pipe; bounded in bytes and time.
     */
    private static void lingerThenClose(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        long[] discarded = {0};
        Vertx vertx = Vertx.currentContext().owner();
        long timer = vertx.setTimer(LINGER.toMillis(), t -> connection.close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            connection.close();
        };
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > LINGER_MAX_BYTES) {
                close.run();
            }
        });
        request.endHandler(v -> close.run());
        request.exceptionHandler(t -> close.run());
        request.resume();
    }
}
