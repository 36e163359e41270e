package dev.aigateway.proxy;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a client's whole request body, bounded by the gateway's size limit: larger bodies are refused (413), a body
 * that stalls is refused (400, connection closed), a client that goes away mid-upload is counted, and
 * {@code Expect: 100-continue} is answered only now that the request was accepted.
 */
final class BodyReader {

    private BodyReader() {}

    /** A body that stalled for {@code stallMillis} (also a relayed one, {@link RequestBodyRelay}). */
    static GatewayException stalled(long stallMillis) {
        return new GatewayException(
                GatewayError.BAD_REQUEST, "Request body stalled: no data for " + stallMillis + " ms");
    }

    /**
     * How reading a body ended. ({@link #match} takes one function per case, so the compiler checks that every case is
     * handled: Java 17 has no pattern {@code switch}.)
     */
    sealed interface BodyRead {
        <R> R match(Function<Buffer, R> whole, Function<Refused, R> refused, Supplier<R> left);

        /** The whole body. */
        record Whole(Buffer body) implements BodyRead {
            @Override
            public <R> R match(Function<Buffer, R> whole, Function<Refused, R> refused, Supplier<R> left) {
                return whole.apply(body);
            }
        }

        /** Too large or stalled: the client gets {@code error}; {@code close}: then its connection is closed. */
        record Refused(GatewayException error, boolean close) implements BodyRead {
            @Override
            public <R> R match(Function<Buffer, R> whole, Function<Refused, R> refused, Supplier<R> left) {
                return refused.apply(this);
            }
        }

        /** The client went away mid-upload. */
        record Left() implements BodyRead {
            @Override
            public <R> R match(Function<Buffer, R> whole, Function<Refused, R> refused, Supplier<R> left) {
                return left.get();
            }
        }
    }

    /**
     * @param declared the Content-Length, -1 when unknown
     * @param stallMillis no byte of the body for this long ({@code gateway.request-read-timeout}): the upload is
     *     refused and its connection closed (slow-body attacks)
     */
    static Future<BodyRead> read(
            RequestContext ctx, long declared, long maxBytes, long stallMillis, GatewayMetrics metrics) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return Future.succeededFuture(new BodyRead.Whole(Buffer.buffer()));
        }
        request.pause();
        Promise<BodyRead> result = Promise.promise();
        Buffer body = Buffer.buffer(declared > 0 ? (int) Math.min(declared, 1 << 20) : 1024);
        StreamSilence silence =
                StreamSilence.watch(Vertx.currentContext().owner(), Duration.ofMillis(stallMillis), () -> {
                    request.handler(null);
                    result.tryComplete(new BodyRead.Refused(stalled(stallMillis), true));
                });
        request.handler(chunk -> {
            silence.heard();
            if ((long) body.length() + chunk.length() > maxBytes) {
                silence.stop();
                request.handler(null);
                result.tryComplete(new BodyRead.Refused(ErrorReply.tooLarge(), false));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(t -> {
            silence.stop();
            if (!result.future().isComplete()) {
                metrics.clientAbort(ctx.provider()); // the client went away mid-upload
                result.complete(new BodyRead.Left());
            }
        });
        request.endHandler(v -> {
            silence.stop();
            result.tryComplete(new BodyRead.Whole(body));
        });
        if (ctx.expectsContinue()) {
            ctx.response().writeContinue();
        }
        request.resume();
        return result.future();
    }

    /**
     * The whole body, then {@code then} with it; a body refused (too large, stalled) gets its error, a client gone
     * mid-upload ends the request. A Content-Length above {@code maxBytes} throws the 413 at once.
     */
    static Future<Ending> whole(
            RequestContext ctx,
            long maxBytes,
            long stallMillis,
            GatewayMetrics metrics,
            Function<Buffer, Future<Ending>> then) {
        String contentLength = ctx.request().getHeader("content-length");
        long declared = contentLength == null ? -1 : CallPreparer.length(contentLength);
        if (declared > maxBytes) {
            throw ErrorReply.tooLarge();
        }
        return read(ctx, declared, maxBytes, stallMillis, metrics)
                .compose(read -> read.match(
                        then,
                        refused -> Future.succeededFuture(ErrorReply.send(ctx, refused.error(), refused.close())),
                        () -> Future.succeededFuture(Ending.clientLeft(false))));
    }
}
