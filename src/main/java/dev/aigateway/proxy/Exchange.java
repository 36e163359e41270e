package dev.aigateway.proxy;

import dev.aigateway.error.ErrorEnvelope;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.ProviderClient;
import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One upstream exchange, streaming both ways with backpressure: the client's body is written upstream as it arrives
 * (bounded by the size limit), the provider's response goes back chunk by chunk as it arrives, and whichever side
 * goes away first cancels the other. Runs entirely on the request's event loop.
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);
    private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(5);
    private static final long LINGER_MAX_BYTES = 64L * 1024 * 1024;

    private final RequestContext ctx;
    private final ProviderClient client;
    private final UpstreamUrl url;
    private final MultiMap upstreamHeaders;
    private final long maxRequestBytes;
    private final GatewayMetrics metrics;

    private Runnable onDone;
    /** The whole request body when the gateway read it first (cache key, token estimate); null: streamed. */
    private Buffer body;
    /** Sees the response as it goes to the client; null when nobody needs it. */
    private ResponseCapture capture;

    private HttpClientRequest upstreamRequest;
    private boolean finished;
    private boolean responseStarted;
    private boolean streaming;
    private long bytesIn;
    private long bytesOut;
    private long upstreamStartNanos;

    Exchange(
            RequestContext ctx,
            ProviderClient client,
            UpstreamUrl url,
            MultiMap upstreamHeaders,
            long maxRequestBytes,
            GatewayMetrics metrics) {
        this.ctx = ctx;
        this.client = client;
        this.url = url;
        this.upstreamHeaders = upstreamHeaders;
        this.maxRequestBytes = maxRequestBytes;
        this.metrics = metrics;
    }

    /** Sends this body instead of streaming the client's (which the gateway has read already). */
    Exchange withBody(Buffer body) {
        this.body = body;
        return this;
    }

    Exchange withCapture(ResponseCapture capture) {
        this.capture = capture;
        return this;
    }

    void start(Runnable onDone) {
        this.onDone = onDone;
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (!request.isEnded()) {
            request.pause(); // (an ended HTTP/2 request refuses pause())
        }
        // Quarkus REST owns the close handler; the exception handler fires too when the client goes away mid-response.
        response.exceptionHandler(t -> clientGone());
        // The request's idle timeout runs until the response headers arrive (Vert.x cancels it then): the first-byte
        // timeout. Silence inside a stream is caught by the connection idle timeout of the provider client.
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHeaders(upstreamHeaders)
                .setIdleTimeout(client.provider().firstByteTimeout().toMillis());
        upstreamStartNanos = System.nanoTime();
        client.open(options, url).onComplete(this::connected);
    }

    private void connected(AsyncResult<HttpClientRequest> ar) {
        if (finished) {
            if (ar.succeeded()) {
                ar.result().reset();
            }
            return;
        }
        if (ar.failed()) {
            metrics.upstreamError(ctx.provider(), "refused");
            LOG.debugf("Provider %s unreachable at %s: %s", ctx.provider(), url.display(), ar.cause());
            fail(new GatewayException(GatewayError.UPSTREAM_UNREACHABLE, "Failed to get response from provider"));
            return;
        }
        upstreamRequest = ar.result();
        // Failures (including our own resets) surface through the response future below.
        upstreamRequest.exceptionHandler(t -> LOG.tracef("Upstream request to %s ended: %s", ctx.provider(), t));
        upstreamRequest.response().onComplete(this::responded);
        if (body != null) {
            bytesIn = body.length();
            upstreamRequest.end(body);
        } else {
            streamRequestBody();
        }
    }

    private void streamRequestBody() {
        HttpServerRequest request = ctx.request();
        boolean lengthKnown = request.getHeader(HttpHeaders.CONTENT_LENGTH) != null;
        if (request.isEnded()) {
            upstreamRequest.end();
            return;
        }
        request.handler(chunk -> {
            bytesIn += chunk.length();
            if (bytesIn > maxRequestBytes) {
                request.handler(null);
                fail(ProxyPipeline.tooLarge());
                upstreamRequest.reset();
                return;
            }
            if (!lengthKnown && !upstreamRequest.isChunked()) {
                // Chunked over HTTP/1.1, or an HTTP/2 body without content-length: forward it chunked.
                upstreamRequest.setChunked(true);
            }
            upstreamRequest.write(chunk);
            if (upstreamRequest.writeQueueFull()) {
                request.pause();
                upstreamRequest.drainHandler(v -> request.resume());
            }
        });
        request.endHandler(v -> {
            if (!finished) {
                upstreamRequest.end();
            }
        });
        request.exceptionHandler(t -> clientGone());
        if (expectsContinue(request)) {
            // Only now, with the request accepted and the provider connected, ask the client for its body.
            ctx.response().writeContinue();
        }
        request.resume();
    }

    static boolean expectsContinue(HttpServerRequest request) {
        String expect = request.getHeader(HttpHeaders.EXPECT);
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return hasChunkedBody(request) || (length != null && !length.strip().equals("0"));
    }

    private static boolean hasChunkedBody(HttpServerRequest request) {
        String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return te != null && te.toLowerCase().contains("chunked");
    }

    private void responded(AsyncResult<HttpClientResponse> ar) {
        if (finished) {
            return;
        }
        if (ar.failed()) {
            if (ar.cause() instanceof TimeoutException) {
                metrics.upstreamError(ctx.provider(), "timeout");
                fail(new GatewayException(
                        GatewayError.UPSTREAM_TIMEOUT, "Provider did not respond within the first-byte timeout"));
            } else {
                metrics.upstreamError(ctx.provider(), "reset");
                fail(new GatewayException(GatewayError.UPSTREAM_UNREACHABLE, "Failed to get response from provider"));
            }
            return;
        }
        HttpClientResponse upstream = ar.result();
        metrics.timeToFirstByte(ctx.provider(), System.nanoTime() - upstreamStartNanos);
        HttpServerResponse response = ctx.response();
        response.setStatusCode(upstream.statusCode());
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        HeaderRules.copyResponseHeaders(upstream.headers(), response.headers());
        ctx.putIdHeaders(response);
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(upstream.statusCode())) {
            response.setChunked(true);
        }
        String contentType = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
        streaming = contentType != null && contentType.startsWith("text/event-stream");
        if (streaming) {
            metrics.streamStarted();
        }
        responseStarted = true;
        if (capture != null) {
            capture.headers(upstream.statusCode(), upstream.headers());
        }
        upstream.handler(chunk -> {
            bytesOut += chunk.length();
            if (capture != null) {
                capture.chunk(chunk);
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        });
        upstream.exceptionHandler(t -> upstreamBroken(t));
        upstream.endHandler(v -> {
            if (!finished) {
                response.end();
                finish(upstream.statusCode(), true);
            }
        });
    }

    private boolean mayHaveBody(int status) {
        return ctx.request().method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }

    /** The provider failed after the response started: the client must see a broken stream, never a clean end. */
    private void upstreamBroken(Throwable t) {
        if (finished) {
            return;
        }
        metrics.upstreamError(ctx.provider(), "reset");
        LOG.debugf("Provider %s stream broke: %s", ctx.provider(), t);
        finish(502, false);
        HttpServerRequest request = ctx.request();
        if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
            ctx.response().reset(); // RST_STREAM: other streams on the connection live on
        } else {
            // Closing the connection (rather than resetting the response) still runs the response's end handlers,
            // which Quarkus' graceful shutdown counts requests with.
            request.connection().close();
        }
    }

    private void clientGone() {
        if (finished) {
            return;
        }
        metrics.clientAbort(ctx.provider());
        finish(499, false);
        if (upstreamRequest != null) {
            upstreamRequest.reset(); // releases the upstream connection (closes it for HTTP/1.1)
        }
    }

    private void fail(GatewayException e) {
        if (responseStarted) {
            upstreamBroken(e);
            return;
        }
        finished = true;
        metrics.bytes(ctx.provider(), bytesIn, bytesOut);
        replyError(ctx, e, metrics, onDone);
        if (capture != null) {
            capture.end(false);
        }
    }

    /** @param complete the response reached the client whole */
    private void finish(int status, boolean complete) {
        finished = true;
        long now = System.nanoTime();
        metrics.upstreamDuration(ctx.provider(), now - upstreamStartNanos);
        metrics.bytes(ctx.provider(), bytesIn, bytesOut);
        metrics.request(ctx.gateway(), ctx.provider(), status);
        metrics.requestEnded();
        if (streaming) {
            metrics.streamEnded();
        }
        onDone.run();
        if (capture != null) {
            capture.end(complete); // after the response: caching and settling never delay it
        }
    }

    /** Answers with the gateway's error envelope; unread request bodies are dropped and the connection closed. */
    static void replyError(RequestContext ctx, GatewayException e, GatewayMetrics metrics, Runnable onDone) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        metrics.request(ctx.gateway(), ctx.provider(), e.error().httpStatus());
        metrics.requestEnded();
        if (response.ended() || response.closed()) {
            onDone.run();
            return;
        }
        // An unread HTTP/1.1 body would be taken for the next request: drop it and close that connection.
        boolean bodyPending = !request.isEnded()
                && hasBody(request)
                && !expectsContinue(request) // the client waits for our answer before it sends the body
                && request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
        response.setStatusCode(e.error().httpStatus());
        response.headers().clear();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        ctx.putIdHeaders(response);
        if (bodyPending) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            lingerThenClose(request);
        }
        response.end(ErrorEnvelope.render(e.error(), e.getMessage())).onComplete(v -> onDone.run());
    }

    /**
     * Reads and discards the rest of a rejected upload before closing, so the client gets to read the error instead of
     * a broken pipe; bounded in bytes and time.
     */
    private static void lingerThenClose(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        long[] discarded = {0};
        long timer = Vertx.currentContext().owner().setTimer(LINGER.toMillis(), t -> connection.close());
        Runnable close = () -> {
            Vertx.currentContext().owner().cancelTimer(timer);
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
