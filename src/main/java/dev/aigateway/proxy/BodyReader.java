package dev.aigateway.proxy;

import dev.aigateway.metrics.GatewayMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads a client's whole request body, bounded by the gateway's size limit: larger bodies get 413, a client that goes
 * away mid-upload is counted, and {@code Expect: 100-continue} is answered only now that the request was accepted.
 */
final class BodyReader {

    /** No byte of the body for this long: the upload is refused and its connection closed (slow-body attacks). */
    private static volatile long stallMillis = 30_000;

    private BodyReader() {}

    /** Set once at start-up from {@code gateway.request-read-timeout}. */
    static void stallTimeout(java.time.Duration timeout) {
        stallMillis = Math.max(1, timeout.toMillis());
    }

    /** The read timeout, also applied to bodies relayed as they arrive ({@link Exchange}). */
    static long stallMillis() {
        return stallMillis;
    }

    /**
     * @param declared the Content-Length, -1 when unknown
     * @param then gets the body once complete (not called when the request was answered or abandoned)
     */
    static void read(
            RequestContext ctx,
            long declared,
            long maxBytes,
            GatewayMetrics metrics,
            Runnable onDone,
            Consumer<Buffer> then) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            then.accept(Buffer.buffer());
            return;
        }
        request.pause();
        Buffer body = Buffer.buffer(declared > 0 ? (int) Math.min(declared, 1 << 20) : 1024);
        boolean[] answered = {false};
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
        StreamSilence silence = StreamSilence.watch(
                vertx, java.time.Duration.ofMillis(stallMillis), () -> stalled(ctx, metrics, onDone, answered));
        request.handler(chunk -> {
            silence.heard();
            if ((long) body.length() + chunk.length() > maxBytes) {
                silence.stop();
                request.handler(null);
                answered[0] = true;
                Exchange.replyError(ctx, ProxyPipeline.tooLarge(), metrics, onDone);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(t -> {
            silence.stop();
            if (!answered[0]) {
                answered[0] = true; // the client went away mid-upload
                metrics.clientAbort(ctx.provider());
                metrics.request(ctx.gateway(), ctx.provider(), 499);
                metrics.requestEnded();
                ctx.logEnd(499, false, false, "client_abort");
                onDone.run();
            }
        });
        request.endHandler(v -> {
            silence.stop();
            if (!answered[0]) {
                answered[0] = true;
                then.accept(body);
            }
        });
        if (Exchange.expectsContinue(request)) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    private static void stalled(RequestContext ctx, GatewayMetrics metrics, Runnable onDone, boolean[] answered) {
        if (answered[0]) {
            return;
        }
        answered[0] = true;
        HttpServerRequest request = ctx.request();
        request.handler(null);
        Exchange.replyError(
                ctx,
                new dev.aigateway.error.GatewayException(
                        dev.aigateway.error.GatewayError.BAD_REQUEST,
                        "Request body stalled: no data for " + stallMillis + " ms"),
                metrics,
                onDone);
        request.connection().close(); // after the answer: nothing more is read from this client
    }
}
