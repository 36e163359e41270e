package dev.aigateway.proxy;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;

/**
 * The client's request body written upstream as it arrives, with backpressure (the client is paused while the
 * provider's connection is full), bounded by the size limit (413) and by the read timeout (a client that stops sending
 * mid-body gets 400 and loses its connection, and the provider's request is reset). {@code Expect: 100-continue} is
 * answered only now that the request was accepted and the provider connected.
 */
final class RequestBodyRelay {

    private RequestBodyRelay() {}

    /** @param stallMillis the read timeout ({@code gateway.request-read-timeout}) */
    static void relay(Exchange x, HttpClientRequest upstream, long maxBytes, long stallMillis) {
        RequestContext ctx = x.ctx;
        HttpServerRequest request = ctx.request();
        boolean lengthKnown = request.getHeader(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH) != null;
        if (request.isEnded()) {
            upstream.end();
            return;
        }
        long[] bytes = {0};
        // A client that stops sending mid-body must not hold the provider's connection (nor be blamed on it).
        StreamSilence stall = StreamSilence.watch(
                io.vertx.core.Vertx.currentContext().owner(), Duration.ofMillis(stallMillis), () -> {
                    if (!x.over()) {
                        request.handler(null);
                        x.fail(BodyReader.stalled(stallMillis), request.version() != HttpVersion.HTTP_2);
                    }
                });
        request.handler(chunk -> {
            stall.heard();
            bytes[0] += chunk.length();
            ctx.sent(chunk.length());
            if (bytes[0] > maxBytes) {
                stall.stop();
                request.handler(null);
                x.fail(ErrorReply.tooLarge(), false);
                return;
            }
            if (ctx.log() != null) {
                ctx.log().requestChunk(chunk);
            }
            if (!lengthKnown && !upstream.isChunked()) {
                // Chunked over HTTP/1.1, or an HTTP/2 body without content-length: forward it chunked.
                upstream.setChunked(true);
            }
            upstream.write(chunk);
            if (upstream.writeQueueFull()) {
                request.pause();
                stall.held(true); // the gateway holds the body back, not the client
                upstream.drainHandler(v -> {
                    stall.held(false);
                    request.resume();
                });
            }
        });
        request.endHandler(v -> {
            stall.stop();
            if (!x.over()) {
                upstream.end();
            }
        });
        request.exceptionHandler(t -> {
            stall.stop();
            x.clientGone();
        });
        if (ctx.expectsContinue()) {
            ctx.response().writeContinue();
        }
        request.resume();
    }
}
