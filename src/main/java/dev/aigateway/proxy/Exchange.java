package dev.aigateway.proxy;

import dev.aigateway.error.ErrorEnvelope;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.logs.LogDraft;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.ProviderClient;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.provider.Vendors;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.routing.FailureClassifier;
import dev.aigateway.routing.ProviderGuards;
import dev.aigateway.routing.RetryPolicy;
import dev.aigateway.routing.UpstreamFailure;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.usage.IncludeUsage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    /** Largest provider error body read for classifying it. */
    private static final int MAX_ERROR_BODY = 4 * 1024 * 1024;

    private static final long DEFAULT_DEADLINE_NANOS =
            java.time.Duration.ofMinutes(10).toNanos();
    static final String ATTEMPTS_HEADER = "cf-aig-attempts";
    private static final UpstreamFailure CANCELLED =
            UpstreamFailure.noResponse("cancelled", UpstreamFailure.Kind.FINAL);

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

    private final ProviderGuards guards;
    private final RetryPolicy policy;
    private Step step;
    private long deadlineNanos;
    private int allowedAttempts = 1;
    private int attempts;
    private Context context;
    /** The wire format of this call (how its streams end and report errors). */
    private WireFormat format = WireFormat.OTHER;
    /** Reads a relayed event stream once: how it ended. */
    private ResponseScan scan;

    private long ttfbNanos;
    /** Ask a chat completion stream for its usage (when the client did not), and hide it from the client. */
    private boolean injectUsage;

    private boolean usageInjected;
    private Buffer sendBody;
    private boolean truncatedStream;
    /** Registered while an event stream is relayed (ended with an error event on shutdown). */
    private OpenStreams.Open openStream;

    private boolean cutByShutdown;
    /** Cuts the delivered response when the provider goes silent for longer than the upstream idle timeout. */
    private StreamSilence silence;

    private HttpClientRequest current;
    private boolean finished;
    private boolean responseStarted;
    private boolean streaming;
    private long bytesIn;
    private long bytesOut;
    private long upstreamStartNanos;
    /** The current attempt's first-byte timeout (the provider's own, or shorter when the client or deadline says). */
    private long attemptTimeoutMillis;

    Exchange(
            RequestContext ctx,
            ProviderClient client,
            UpstreamUrl url,
            MultiMap upstreamHeaders,
            long maxRequestBytes,
            GatewayMetrics metrics,
            ProviderGuards guards,
            RetryPolicy policy) {
        this.guards = guards;
        this.policy = policy;
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

    /** Adds {@code stream_options.include_usage} to a streaming request that lacks it (see {@link IncludeUsage}). */
    Exchange injectUsage() {
        this.injectUsage = true;
        return this;
    }

    /** The call's wire format, worked out once for the request. */
    Exchange wireFormat(WireFormat format) {
        this.format = format;
        return this;
    }

    /** Makes this exchange one step of a Universal chain. */
    Exchange asStep(Step step) {
        this.step = step;
        return this;
    }

    /** No attempt starts after this {@link System#nanoTime()}. */
    Exchange deadline(long nanos) {
        this.deadlineNanos = nanos;
        return this;
    }

    /** A Universal step's view of its exchange's outcome. */
    interface Step {
        /** Whether another step follows (so this step's errors are read and classified before anything is sent). */
        boolean hasNext();

        /**
         * This step failed with something another provider may serve; returns true when the chain goes on with the
         * next step (this exchange then ends without answering).
         */
        boolean fallBack(UpstreamFailure failure, int attempts);

        /** This step answers the client (success or error) with this status after this many attempts. */
        void answering(String outcome, int status, int attempts);
    }

    /** A provider's error answer, read whole so it can be classified and still be returned. */
    record Buffered(int status, String statusMessage, MultiMap headers, Buffer body) {}

    void start(Runnable onDone) {
        this.onDone = onDone;
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            request.pause(); // (an ended HTTP/2 request refuses pause())
        }
        // Quarkus REST owns the close handler; the exception handler fires too when the client goes away mid-response.
        ctx.response().exceptionHandler(t -> clientGone());
        context = Vertx.currentContext();
        upstreamStartNanos = System.nanoTime();
        if (body != null && ctx.log() != null) {
            ctx.log().requestBody(body);
        }
        if (body != null && injectUsage) {
            sendBody = IncludeUsage.inject(body);
            if (sendBody != null) {
                usageInjected = true;
                upstreamHeaders.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(sendBody.length()));
            }
        }
        if (deadlineNanos == 0) {
            deadlineNanos = upstreamStartNanos + DEFAULT_DEADLINE_NANOS;
        }
        // Only a body the gateway holds can be sent twice.
        allowedAttempts = body != null ? policy.maxAttempts() : 1;
        guards.run(
                        client.provider(),
                        url.host(),
                        url.port(),
                        policy,
                        allowedAttempts,
                        deadlineNanos,
                        this::retrying,
                        this::attempt)
                .whenComplete((result, error) -> onLoop(() -> settled(result, error)));
    }

    private void retrying(int next, long delayMillis, Throwable cause) {
        LOG.debugf(
                "Retrying %s (attempt %d of %d) in %d ms after %s",
                ctx.provider(), next, allowedAttempts, delayMillis, cause.getMessage());
        if (cause instanceof UpstreamFailure failure) {
            onLoop(() -> ctx.logAttemptFailed(failure.statusOrGateway(), failure.outcome(), next - 1));
        }
    }

    /** Runs on this request's event loop, wherever the caller is (fault-tolerance timers run elsewhere). */
    private void onLoop(Runnable action) {
        Runnable safe = () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Unexpected error forwarding to provider %s", ctx.provider());
                if (!finished) {
                    fail(new GatewayException(GatewayError.INTERNAL, "Internal gateway error"));
                }
            }
        };
        if (Vertx.currentContext() == context) {
            safe.run();
        } else {
            context.runOnContext(v -> safe.run());
        }
    }

    /**
     * One attempt: connect, send the request, wait for the response head. Completes with the live response (paused)
     * when it goes to the client as it is, with a {@link Buffered} error that is final, or fails with an
     * {@link UpstreamFailure}.
     */
    private CompletionStage<Object> attempt(int n) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        onLoop(() -> {
            if (finished) {
                result.completeExceptionally(CANCELLED);
                return;
            }
            attempts = n;
            long timeout = policy.requestTimeoutMillis() > 0
                    ? policy.requestTimeoutMillis()
                    : client.provider().firstByteTimeout().toMillis();
            long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                attemptEnded("timeout");
                result.completeExceptionally(UpstreamFailure.timeout(0, 1)); // the deadline's, not the provider's
                return;
            }
            // The request's idle timeout runs until the response headers arrive (Vert.x cancels it then): the
            // first-byte timeout. Silence inside a response is caught by StreamSilence (see deliver).
            attemptTimeoutMillis = Math.max(1, Math.min(timeout, remaining));
            RequestOptions options = new RequestOptions()
                    .setMethod(ctx.request().method())
                    .setHeaders(upstreamHeaders)
                    // getting a connection (pool wait, connect, TLS) counts against the attempt's time too
                    .setConnectTimeout(Math.min(attemptTimeoutMillis, client.connectTimeoutMillis()))
                    .setIdleTimeout(attemptTimeoutMillis);
            long started = System.nanoTime();
            client.open(options, url).onComplete(ar -> onLoop(() -> connected(ar, n, started, result)));
        });
        return result;
    }

    private void connected(AsyncResult<HttpClientRequest> ar, int n, long started, CompletableFuture<Object> result) {
        if (finished) {
            if (ar.succeeded()) {
                ar.result().reset();
            }
            result.completeExceptionally(CANCELLED);
            return;
        }
        if (ar.failed()) {
            // a connection wait cut short by the attempt's (or the deadline's) time is that attempt's timeout
            UpstreamFailure failure =
                    ar.cause() instanceof TimeoutException && attemptTimeoutMillis < client.connectTimeoutMillis()
                            ? UpstreamFailure.timeout(
                                    attemptTimeoutMillis,
                                    client.provider().firstByteTimeout().toMillis())
                            : UpstreamFailure.connectFailed(ar.cause());
            metrics.upstreamError(
                    ctx.provider(), "unreachable".equals(failure.reason()) ? "refused" : failure.reason());
            attemptEnded(failure.reason());
            LOG.debugf("Provider %s unreachable at %s: %s", ctx.provider(), url.display(), ar.cause());
            result.completeExceptionally(failure);
            return;
        }
        HttpClientRequest request = ar.result();
        current = request;
        // Failures (including our own resets) surface through the response future below.
        request.exceptionHandler(t -> LOG.tracef("Upstream request to %s ended: %s", ctx.provider(), t));
        request.response().onComplete(rr -> onLoop(() -> responded(rr, request, n, started, result)));
        if (body != null) {
            Buffer sent = sendBody != null ? sendBody : body;
            bytesIn = sent.length();
            request.end(sent);
        } else {
            streamRequestBody();
        }
    }

    private void responded(
            AsyncResult<HttpClientResponse> ar,
            HttpClientRequest request,
            int n,
            long started,
            CompletableFuture<Object> result) {
        if (finished) {
            if (ar.succeeded()) {
                request.reset();
            }
            result.completeExceptionally(CANCELLED);
            return;
        }
        if (ar.failed()) {
            boolean timedOut = ar.cause() instanceof TimeoutException;
            String reason = timedOut ? "timeout" : "reset";
            metrics.upstreamError(ctx.provider(), reason);
            attemptEnded(reason);
            result.completeExceptionally(
                    timedOut
                            ? UpstreamFailure.timeout(
                                    attemptTimeoutMillis,
                                    client.provider().firstByteTimeout().toMillis())
                            : UpstreamFailure.noResponse(reason, UpstreamFailure.Kind.RETRYABLE));
            return;
        }
        HttpClientResponse upstream = ar.result();
        upstream.pause();
        // Until it is delivered (or dropped), a reset of this response is expected, not an error to log.
        upstream.exceptionHandler(t -> LOG.tracef("Upstream response from %s ended: %s", ctx.provider(), t));
        ttfbNanos = System.nanoTime() - started;
        metrics.timeToFirstByte(ctx.provider(), ttfbNanos);
        int status = upstream.statusCode();
        if (status < 400) {
            attemptEnded("success");
            result.complete(upstream);
            return;
        }
        boolean moreToTry = n < allowedAttempts || (step != null && step.hasNext());
        if (!moreToTry) {
            // Nothing else to try: the error goes to the client as it streams in (5xx still counts for the breaker).
            attemptEnded(status >= 500 ? "retryable" : "final");
            if (status >= 500) {
                result.completeExceptionally(
                        new UpstreamFailure(UpstreamFailure.Kind.RETRYABLE, "status", status, -1, upstream));
            } else {
                result.complete(upstream);
            }
            return;
        }
        readError(upstream, request, result);
    }

    /** Reads a provider's error answer (bounded) and decides whether to retry, fall back or pass it on. */
    private void readError(HttpClientResponse upstream, HttpClientRequest request, CompletableFuture<Object> result) {
        int status = upstream.statusCode();
        Buffer errorBody = Buffer.buffer(512);
        upstream.handler(chunk -> {
            if (errorBody.length() + chunk.length() > MAX_ERROR_BODY) {
                upstream.handler(null);
                request.reset();
                return;
            }
            errorBody.appendBuffer(chunk);
        });
        upstream.exceptionHandler(t -> {
            if (!result.isDone()) {
                attemptEnded("reset");
                result.completeExceptionally(UpstreamFailure.noResponse("reset", UpstreamFailure.Kind.RETRYABLE));
            }
        });
        upstream.endHandler(v -> {
            if (result.isDone()) {
                return;
            }
            MultiMap headers = upstream.headers();
            UpstreamFailure.Kind kind = FailureClassifier.classify(status, headers, errorBody, Vendors.errorHints());
            long retryAfter = FailureClassifier.retryAfterMillis(headers, errorBody, System.currentTimeMillis());
            Buffered buffered = new Buffered(status, upstream.statusMessage(), headers, errorBody);
            attemptEnded(kind.name().toLowerCase(java.util.Locale.ROOT));
            if (kind == UpstreamFailure.Kind.FINAL) {
                result.complete(buffered);
            } else {
                result.completeExceptionally(new UpstreamFailure(kind, "status", status, retryAfter, buffered));
            }
        });
        upstream.resume();
    }

    private void attemptEnded(String outcome) {
        metrics.attempt(ctx.provider(), outcome);
    }

    /** All attempts are over: answer with what they produced, or hand over to the next Universal step. */
    private void settled(Object result, Throwable error) {
        if (finished) {
            if (result instanceof HttpClientResponse live) {
                live.request().reset();
            }
            return;
        }
        if (error == null) {
            if (result instanceof HttpClientResponse live) {
                // (an error passed on unread, as nothing else was left to try)
                announce(live.statusCode() < 400 ? "served" : "error", live.statusCode());
                deliver(live);
            } else {
                Buffered b = (Buffered) result;
                announce("final", b.status());
                deliverBuffered(b);
            }
            return;
        }
        if (!(error instanceof UpstreamFailure f)) {
            LOG.errorf(error, "Unexpected error calling provider %s", ctx.provider());
            fail(new GatewayException(GatewayError.INTERNAL, "Internal gateway error"));
            return;
        }
        if ("circuit_open".equals(f.reason())) {
            attemptEnded("circuit_open");
        }
        if (step != null && f.kind() != UpstreamFailure.Kind.FINAL && step.hasNext()) {
            if (ctx.log() != null) {
                ctx.log().attempts(Math.max(1, attempts));
            }
        }
        if (step != null && f.kind() != UpstreamFailure.Kind.FINAL && step.fallBack(f, attempts)) {
            finished = true; // the next step answers; this one ends quietly
            if (f.response() instanceof HttpClientResponse live) {
                live.request().reset();
            }
            if (capture != null) {
                capture.end(false);
            }
            return;
        }
        announce(f.outcome(), f.status());
        if (f.response() instanceof HttpClientResponse live) {
            deliver(live);
        } else if (f.response() instanceof Buffered b) {
            deliverBuffered(b);
        } else {
            fail(
                    switch (f.reason()) {
                        case "timeout" ->
                            new GatewayException(
                                    GatewayError.UPSTREAM_TIMEOUT,
                                    "Provider did not respond within the first-byte timeout");
                        case "circuit_open" ->
                            new GatewayException(
                                    GatewayError.PROVIDER_CIRCUIT_OPEN,
                                    "Provider is failing; its circuit breaker is open, try again later");
                        default ->
                            new GatewayException(
                                    GatewayError.UPSTREAM_UNREACHABLE, "Failed to get response from provider");
                    });
        }
    }

    /** Tells the client (headers) how many attempts were made and, in a Universal chain, which step answers. */
    private void announce(String outcome, int status) {
        if (ctx.log() != null) {
            ctx.log().attempts(Math.max(1, attempts));
        }
        if (step != null) {
            step.answering(outcome, status, attempts);
        } else if (allowedAttempts > 1) {
            ctx.gatewayHeader(ATTEMPTS_HEADER, Integer.toString(Math.max(1, attempts)));
        }
    }

    private void deliverBuffered(Buffered b) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(b.status());
        if (b.statusMessage() != null) {
            response.setStatusMessage(b.statusMessage());
        }
        HeaderRules.copyResponseHeaders(b.headers(), response.headers());
        response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        responseStarted = true;
        bytesOut = b.body().length();
        if (capture != null) {
            capture.headers(b.status(), b.headers());
            capture.chunk(b.body());
        }
        if (ctx.log() != null) {
            ctx.log().responseStarted(ttfbNanos, b.headers().get(HttpHeaders.CONTENT_TYPE));
            ctx.log().responseChunk(b.body());
        }
        if (mayHaveBody(b.status())) {
            response.end(b.body());
        } else {
            response.end();
        }
        finish(b.status(), true);
    }

    private void streamRequestBody() {
        HttpServerRequest request = ctx.request();
        boolean lengthKnown = request.getHeader(HttpHeaders.CONTENT_LENGTH) != null;
        if (request.isEnded()) {
            current.end();
            return;
        }
        // A client that stops sending mid-body must not hold the provider's connection (nor be blamed on it).
        StreamSilence stall = StreamSilence.watch(
                context.owner(), java.time.Duration.ofMillis(BodyReader.stallMillis()), () -> bodyStalled(request));
        request.handler(chunk -> {
            stall.heard();
            bytesIn += chunk.length();
            if (bytesIn > maxRequestBytes) {
                stall.stop();
                request.handler(null);
                fail(ProxyPipeline.tooLarge());
                current.reset();
                return;
            }
            if (ctx.log() != null) {
                ctx.log().requestChunk(chunk);
            }
            if (!lengthKnown && !current.isChunked()) {
                // Chunked over HTTP/1.1, or an HTTP/2 body without content-length: forward it chunked.
                current.setChunked(true);
            }
            current.write(chunk);
            if (current.writeQueueFull()) {
                request.pause();
                stall.held(true); // the gateway holds the body back, not the client
                current.drainHandler(v -> {
                    stall.held(false);
                    request.resume();
                });
            }
        });
        request.endHandler(v -> {
            stall.stop();
            if (!finished) {
                current.end();
            }
        });
        request.exceptionHandler(t -> {
            stall.stop();
            clientGone();
        });
        if (expectsContinue(request)) {
            // Only now, with the request accepted and the provider connected, ask the client for its body.
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** The client's body stalled: the provider's request is reset, the client answered 400 and disconnected. */
    private void bodyStalled(HttpServerRequest request) {
        if (finished) {
            return;
        }
        request.handler(null);
        fail(new GatewayException(
                GatewayError.BAD_REQUEST, "Request body stalled: no data for " + BodyReader.stallMillis() + " ms"));
        current.reset();
        if (request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            request.connection().close(); // after the answer: nothing more is read from this client
        }
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

    /** Sends the provider's response to the client as it arrives. */
    private void deliver(HttpClientResponse upstream) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(upstream.statusCode());
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        HeaderRules.copyResponseHeaders(upstream.headers(), response.headers());
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        String contentType = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
        streaming = contentType != null && contentType.startsWith("text/event-stream");
        // The stream the client asked for: without the usage chunk the gateway asked for on its own behalf.
        IncludeUsage.Stripper stripper = streaming && usageInjected ? new IncludeUsage.Stripper() : null;
        if (streaming) {
            // The gateway may change a stream (usage chunk out, error event in): never promise the upstream's length.
            response.headers().remove(HttpHeaders.CONTENT_LENGTH);
        }
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(upstream.statusCode())) {
            response.setChunked(true);
        }
        if (streaming) {
            metrics.streamStarted();
            scan = new ResponseScan(client.provider().rules().streamEnd(format));
            scan.onHead(upstream.statusCode(), upstream.headers());
            openStream = OpenStreams.opened(context, this::cutByShutdown);
        }
        responseStarted = true;
        if (capture != null) {
            capture.headers(upstream.statusCode(), upstream.headers());
        }
        LogDraft log = ctx.log();
        if (log != null) {
            log.responseStarted(ttfbNanos, contentType);
        }
        silence = StreamSilence.watch(context.owner(), client.silenceLimit(), () -> silentTooLong(upstream));
        upstream.handler(chunk -> {
            silence.heard();
            bytesOut += chunk.length();
            if (scan != null) {
                scan.onChunk(chunk);
            }
            Buffer out = stripper == null ? chunk : stripper.apply(chunk);
            if (out.length() == 0) {
                return;
            }
            if (log != null) {
                log.responseChunk(out); // what the client received
            }
            if (capture != null) {
                capture.chunk(out);
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
            if (finished) {
                return;
            }
            int status = upstream.statusCode();
            if (stripper != null) {
                Buffer rest = stripper.flush();
                if (rest.length() > 0) {
                    if (log != null) {
                        log.responseChunk(rest);
                    }
                    if (capture != null) {
                        capture.chunk(rest);
                    }
                    response.write(rest);
                }
                if (log != null) {
                    log.hiddenEvents(stripper.hidden());
                }
                if (capture != null) {
                    capture.hiddenEvents(stripper.hidden());
                }
            }
            if (scan != null) {
                scan.endOfInput();
                if (capture != null) {
                    capture.streamFinished(scan.finished() && !scan.failed());
                }
            }
            if (scan != null && status < 300 && format.knownEnd() && !scan.finished()) {
                truncated("The provider's stream ended before its final event");
                return;
            }
            response.end();
            finish(status, true);
        });
        upstream.resume();
    }

    /**
     * A started event stream stopped early: the client gets the provider-style error event after what it already has,
     * never a clean-looking end.
     */
    private void truncated(String message) {
        metrics.streamTruncated(ctx.gateway(), ctx.provider());
        LOG.debugf("Stream from provider %s truncated: %s", ctx.provider(), message);
        HttpServerResponse response = ctx.response();
        Buffer event = client.provider().rules().errorDialect(format).event(message, scan.atEventBoundary());
        truncatedStream = true;
        if (ctx.log() != null) {
            ctx.log().responseChunk(event);
        }
        finish(502, false);
        if (!response.ended() && !response.closed()) {
            response.end(event);
        }
    }

    /** The gateway is stopping and this stream is still open: the client gets the error event, the provider a reset. */
    private void cutByShutdown() {
        if (finished || scan == null) {
            return;
        }
        cutByShutdown = true;
        truncated("The gateway is shutting down");
        if (current != null) {
            current.reset();
        }
    }

    /** The provider sent nothing for longer than the idle timeout after its response started. */
    private void silentTooLong(HttpClientResponse upstream) {
        if (finished) {
            return;
        }
        upstreamBroken(new TimeoutException("The provider was silent for longer than the upstream idle timeout"));
        upstream.request().reset(); // frees (closes) the upstream connection
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
        if (scan != null && !ctx.response().closed()) {
            truncated("The connection to the provider broke before the stream ended");
            return;
        }
        truncatedStream = true;
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
        if (current != null) {
            current.reset(); // releases the upstream connection (closes it for HTTP/1.1)
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
        if (silence != null) {
            silence.stop();
        }
        long now = System.nanoTime();
        metrics.upstreamDuration(ctx.provider(), now - upstreamStartNanos);
        metrics.bytes(ctx.provider(), bytesIn, bytesOut);
        metrics.request(ctx.gateway(), ctx.provider(), status);
        metrics.requestEnded();
        if (streaming) {
            metrics.streamEnded();
        }
        OpenStreams.closed(openStream);
        ctx.logEnd(status, false, truncatedStream, cutByShutdown ? "shutdown" : errorClass(status, truncatedStream));
        onDone.run();
        if (capture != null) {
            capture.end(complete); // after the response: caching and settling never delay it
        }
    }

    /** Why a finished exchange failed, for its log row; null when it did not. */
    static String errorClass(int status, boolean truncated) {
        if (truncated) {
            return "stream_truncated";
        }
        if (status == 499) {
            return "client_abort";
        }
        return status >= 400 ? "upstream_" + status / 100 + "xx" : null;
    }

    /**
     * Answers with the gateway's error envelope; an unread request body is drained (bounded, see {@link RequestDrain})
     * so the connection stays open, or dropped and the connection closed when it is too large.
     */
    static void replyError(RequestContext ctx, GatewayException e, GatewayMetrics metrics, Runnable onDone) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        metrics.request(ctx.gateway(), ctx.provider(), e.error().httpStatus());
        metrics.requestEnded();
        ctx.logEnd(e.error().httpStatus(), false, false, e.error().name().toLowerCase(java.util.Locale.ROOT));
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
        ResponseEncoding.toClient(response.headers());
        ctx.putIdHeaders(response);
        if (bodyPending && e.error() != GatewayError.REQUEST_TOO_LARGE && RequestDrain.drainable(request)) {
            RequestDrain.drain(request); // the connection stays open for the client's next request
        } else if (bodyPending) {
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
