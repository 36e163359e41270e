package dev.aigateway.proxy;

import dev.aigateway.cache.CachedResponse;
import dev.aigateway.compat.ResponseTranslation;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.routing.AttemptResult;
import dev.aigateway.usage.IncludeUsage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Sends one provider answer to the client as it arrives, with backpressure, feeding the exchange's response listeners
 * on the way ({@link ResponseTaps}): for a stream the client did not ask usage for, the usage chunk the gateway asked
 * for is taken out ({@link IncludeUsage.Stripper}); a stream that stops before its terminal event ends with the
 * error event of the client's API (the response's one {@link dev.aigateway.stream.ResponseScan}, judged by the call's
 * wire format); a provider that goes silent is cut ({@link StreamSilence}); a
 * stream still open at shutdown is ended with the error event ({@link OpenStreams}). Completes with the exchange's
 * {@link Ending}.
 */
final class ResponseRelay {

    private static final Logger LOG = Logger.getLogger(ResponseRelay.class);

    private final Exchange x;
    private final RequestContext ctx;
    private final GatewayMetrics metrics;
    private final Context context;

    /** Whether the answer is an event stream (the exchange's scan follows it to its terminal event). */
    private boolean streaming;

    /**
     * Takes the usage chunk the gateway asked for out of a stream the client did not ask usage for; null otherwise.
     * (A field, not a local the handlers capture: its class is loaded only for a stream that needs it.)
     */
    private IncludeUsage.Stripper stripper;

    private StreamSilence silence;
    private OpenStreams.Open openStream;
    private boolean cutByShutdown;
    /** Bytes of the live answer relayed so far. */
    private long relayed;

    ResponseRelay(Exchange x, GatewayMetrics metrics) {
        this.x = x;
        this.ctx = x.ctx;
        this.metrics = metrics;
        this.context = Vertx.currentContext();
    }

    /** Relays what the provider answered: as it streams in, or, read whole already, at once. */
    Future<Ending> answer(AttemptResult.Answer answer) {
        return answer.matchAnswer(live -> live(live.response()), this::buffered);
    }

    private Future<Ending> live(HttpClientResponse upstream) {
        if (x.over()) {
            upstream.request().reset();
            return x.ending();
        }
        HttpServerResponse response = ctx.response();
        int status = upstream.statusCode();
        response.setStatusCode(status);
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        HeaderRules.copyResponseHeaders(upstream.headers(), response.headers());
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        String contentType = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
        streaming = contentType != null && contentType.startsWith("text/event-stream");
        // The stream the client asked for: without the usage chunk the gateway asked for on its own behalf.
        stripper = streaming && x.usageInjected() ? new IncludeUsage.Stripper() : null;
        // A unified-API call: the client gets the answer in its own format (usage and scan still read the provider's).
        ResponseTranslation translation = ctx.translation();
        if (translation != null) {
            response.headers().remove(HttpHeaders.CONTENT_LENGTH);
            response.headers().set(HttpHeaders.CONTENT_TYPE, translation.head(status, streaming));
        }
        if (streaming) {
            // The gateway may change a stream (usage chunk out, error event in): never promise the upstream's length.
            response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        }
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(status)) {
            response.setChunked(true);
        }
        if (streaming) {
            metrics.streamStarted();
            ctx.streaming();
            openStream = OpenStreams.opened(context, this::cutByShutdown);
        }
        x.responseStarted(this::upstreamBroken);
        x.taps.head(status, upstream.headers());
        // A body of known length, relayed unchanged: its last chunk ends the response (one write, not a write and an
        // end).
        long length = streaming ? -1 : declaredLength(response);
        silence = StreamSilence.watch(context.owner(), x.call.client().silenceLimit(), () -> silentTooLong(upstream));
        x.ending().onComplete(ended -> {
            silence.stop();
            if (openStream != null) {
                OpenStreams.closed(openStream);
            }
        });
        upstream.handler(chunk -> {
            silence.heard();
            ctx.received(chunk.length());
            x.taps.upstream(chunk);
            Buffer out = stripper == null ? chunk : stripper.apply(chunk);
            if (translation != null) {
                out = translation.chunk(out);
            }
            if (out.length() == 0) {
                return;
            }
            x.taps.delivered(out); // what the client received
            relayed += out.length();
            if (relayed == length) {
                response.end(out); // the whole body: the provider's end follows (it ends the exchange)
                return;
            }
            response.write(out);
            if (response.writeQueueFull()) {
                upstream.pause();
                silence.held(true);
                response.drainHandler(v -> {
                    silence.held(false);
                    upstream.resume();
                });
            }
        });
        upstream.exceptionHandler(this::upstreamBroken);
        upstream.endHandler(v -> {
            if (x.over()) {
                return;
            }
            if (stripper != null) {
                Buffer rest = stripper.flush();
                if (rest.length() > 0) {
                    x.taps.delivered(rest);
                    response.write(rest);
                }
            }
            if (translation != null) {
                Buffer rest = translation.end();
                if (rest.length() > 0) {
                    x.taps.delivered(rest);
                    response.write(rest);
                }
            }
            x.scan.endOfInput(); // (the scan saw the usage chunk the client never did: the usage read has it)
            if (streaming && status < 300 && x.call.format().knownEnd() && !x.scan.finished()) {
                truncated("The provider's stream ended before its final event");
                return;
            }
            if (!response.ended()) {
                response.end();
            }
            x.end(Ending.relayed(status));
        });
        upstream.resume();
        return x.ending();
    }

    /** A provider's error answer, read whole already (to classify it), goes to the client as it is. */
    private Future<Ending> buffered(AttemptResult.Buffered b) {
        if (x.over()) {
            return x.ending();
        }
        HttpServerResponse response = ctx.response();
        response.setStatusCode(b.status());
        if (b.statusMessage() != null) {
            response.setStatusMessage(b.statusMessage());
        }
        HeaderRules.copyResponseHeaders(b.headers(), response.headers());
        response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        x.responseStarted(this::upstreamBroken);
        ctx.received(b.body().length());
        x.taps.head(b.status(), b.headers());
        x.taps.upstream(b.body());
        Buffer body = b.body();
        if (ctx.translation() != null) { // a unified-API call: the error in the client's format, status kept
            body = ctx.translation().error(b.status(), body);
            response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        x.taps.delivered(body);
        if (mayHaveBody(b.status())) {
            response.end(body);
        } else {
            response.end();
        }
        x.end(Ending.relayed(b.status()));
        return x.ending();
    }

    /** Answers from the cache: the stored response, as the provider sent it. */
    static Future<Ending> replay(RequestContext ctx, CachedResponse entry) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(entry.status());
        entry.headers().forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        if (ctx.log() != null) {
            ctx.log().onHead(entry.status(), response.headers());
            ctx.log().onChunk(entry.body());
            ctx.log().onEnd(true); // its payload is the entry itself, not a copy: nothing held in the copies' budget
        }
        ctx.received(entry.body().length());
        return response.end(entry.body()).transform(ar -> Future.succeededFuture(Ending.fromCache(entry.status())));
    }

    /**
     * A started event stream stopped early: the client gets the provider-style error event after what it already has,
     * never a clean-looking end.
     */
    private void truncated(String message) {
        x.scan.endOfInput();
        metrics.streamTruncated(ctx.gateway(), ctx.provider());
        LOG.debugf("Stream from provider %s truncated: %s", ctx.provider(), message);
        HttpServerResponse response = ctx.response();
        Buffer event = ctx.translation() != null
                ? ctx.translation().truncationEvent(message) // in the client's format
                : x.call.provider().rules().errorDialect(x.call.format()).event(message, x.scan.atEventBoundary());
        x.taps.delivered(event);
        x.end(Ending.broken(cutByShutdown ? "shutdown" : "stream_truncated"));
        if (!response.ended() && !response.closed()) {
            response.end(event);
        }
    }

    /** The gateway is stopping and this stream is still open: the client gets the error event, the provider a reset. */
    private void cutByShutdown() {
        if (x.over() || !streaming) {
            return;
        }
        cutByShutdown = true;
        truncated("The gateway is shutting down");
        x.resetUpstream();
    }

    /** The provider sent nothing for longer than the idle timeout after its response started. */
    private void silentTooLong(HttpClientResponse upstream) {
        if (x.over()) {
            return;
        }
        upstreamBroken(new TimeoutException("The provider was silent for longer than the upstream idle timeout"));
        upstream.request().reset(); // frees (closes) the upstream connection
    }

    /** The provider (or the request) failed after the response started: the client sees a broken stream. */
    private void upstreamBroken(Throwable t) {
        if (x.over()) {
            return;
        }
        metrics.upstreamError(ctx.provider(), "reset");
        LOG.debugf("Provider %s stream broke: %s", ctx.provider(), t);
        x.scan.endOfInput();
        if (streaming && !ctx.response().closed()) {
            truncated("The connection to the provider broke before the stream ended");
            return;
        }
        x.end(Ending.broken("stream_truncated"));
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            ctx.response().reset(); // RST_STREAM: other streams on the connection live on
        } else {
            // Closing the connection (rather than resetting the response) still runs the response's end handlers,
            // which Quarkus' graceful shutdown counts requests with.
            ctx.request().connection().close();
        }
    }

    /** The response's Content-Length; -1 when it has none (or a bad one: then it is never reached). */
    private static long declaredLength(HttpServerResponse response) {
        String value = response.headers().get(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean mayHaveBody(int status) {
        return ctx.request().method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }
}
