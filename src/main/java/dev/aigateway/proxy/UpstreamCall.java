package dev.aigateway.proxy;

import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.metrics.KeyMetrics;
import dev.aigateway.provider.ProviderClient;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.routing.AttemptResult;
import dev.aigateway.routing.ProviderGuards;
import dev.aigateway.routing.UpstreamFailure;
import dev.aigateway.routing.UpstreamFailure.Kind;
import dev.aigateway.routing.UpstreamFailure.Reason;
import dev.aigateway.usage.IncludeUsage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The provider call of one exchange: its attempts through {@link ProviderGuards} (circuit breaker per host, retries
 * with backoff, the routing deadline), each one connecting, sending the request (the held body, or the client's as it
 * arrives through {@link RequestBodyRelay}) and waiting for the response head; error answers are read and classified
 * ({@link ErrorAnswer}) when something else may still be tried. Completes with the {@link AttemptResult}, on the
 * request's event loop.
 */
final class UpstreamCall {

    private static final Logger LOG = Logger.getLogger(UpstreamCall.class);

    private final Exchange x;
    private final RequestContext ctx;
    private final ProviderClient client;
    private final ProviderGuards guards;
    private final GatewayMetrics metrics;
    private final KeyMetrics keyMetrics;
    private final long maxRequestBytes;
    private final long readTimeoutMillis;
    private final long deadlineNanos;
    /** Whether a Universal step follows (so this call's errors are read and classified before anything is sent). */
    private final BooleanSupplier moreSteps;

    private Context context;
    private int allowedAttempts = 1;
    /** The held body as sent: with {@code include_usage} added when the gateway asks for usage. */
    private Buffer sendBody;
    /** The current attempt's first-byte timeout (the provider's own, or shorter when the client or deadline says). */
    private long attemptTimeoutMillis;
    /** Where the current attempt goes (a balanced call's deployment, else the call's URL). */
    private UpstreamUrl currentUrl;

    UpstreamCall(
            Exchange x,
            ProviderGuards guards,
            GatewayMetrics metrics,
            KeyMetrics keyMetrics,
            long maxRequestBytes,
            long readTimeoutMillis,
            long deadlineNanos,
            BooleanSupplier moreSteps) {
        this.x = x;
        this.ctx = x.ctx;
        this.client = x.call.client();
        this.guards = guards;
        this.metrics = metrics;
        this.keyMetrics = keyMetrics;
        this.maxRequestBytes = maxRequestBytes;
        this.readTimeoutMillis = readTimeoutMillis;
        this.deadlineNanos = deadlineNanos;
        this.moreSteps = moreSteps;
    }

    Future<AttemptResult> run() {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            request.pause(); // (an ended HTTP/2 request refuses pause())
        }
        // Quarkus REST owns the close handler; the exception handler fires too when the client goes away mid-response.
        ctx.response().exceptionHandler(t -> x.clientGone());
        context = Vertx.currentContext();
        ctx.upstreamStarted();
        Buffer body = x.body;
        if (body != null && ctx.log() != null) {
            ctx.log().requestBody(body);
        }
        sendBody = body;
        if (body != null && x.askUsage) {
            Buffer injected = IncludeUsage.inject(body);
            if (injected != null) {
                sendBody = injected;
                x.usageInjected(true);
                x.call.upstreamHeaders().set(HttpHeaders.CONTENT_LENGTH, Integer.toString(injected.length()));
            }
        }
        // Only a body the gateway holds can be sent twice (a balanced call's members are tried once each).
        allowedAttempts = body != null ? x.call.attemptsWithBody() : 1;
        Promise<AttemptResult> result = Promise.promise();
        x.call.credentialReady()
                .onComplete(ready -> onLoop(() -> {
                    if (ready.result() != null) { // (a stored credential the gateway could not make: told as a failure)
                        attemptEnded(Reason.CREDENTIALS.label());
                        result.complete(new AttemptResult.Failed(ready.result()));
                        return;
                    }
                    // a plain call's attempts go to its URL through its host's breaker; a balanced call's pick a member
                    // first
                    CompletionStage<AttemptResult.Answer> attempts = x.call.keys() == null
                            ? guards.run(
                                    x.call.provider(),
                                    x.call.url().host(),
                                    x.call.url().port(),
                                    x.call.policy(),
                                    allowedAttempts,
                                    deadlineNanos,
                                    this::retrying,
                                    n -> attempt(n, x.call.url()))
                            : BalancedAttempt.attempts(
                                    x,
                                    guards,
                                    keyMetrics,
                                    allowedAttempts,
                                    deadlineNanos,
                                    this::retrying,
                                    this::onLoop,
                                    this::attempt);
                    attempts.whenComplete((answer, error) -> onLoop(() -> result.complete(settled(answer, error))));
                }));
        return result.future();
    }

    /** How many attempts this call may make (1 when the body is relayed as it arrives: it cannot be sent twice). */
    int allowedAttempts() {
        return allowedAttempts;
    }

    private AttemptResult settled(AttemptResult.Answer answer, Throwable error) {
        if (x.over()) {
            if (answer != null) {
                answer.matchAnswer(live -> live.response().request().reset(), buffered -> null);
            }
            return new AttemptResult.Failed(cancelled());
        }
        if (error == null) {
            return answer;
        }
        if (!(error instanceof UpstreamFailure f)) {
            throw new IllegalStateException("Unexpected error calling provider " + ctx.provider(), error);
        }
        if (f.reason() == Reason.CIRCUIT_OPEN) {
            attemptEnded(Reason.CIRCUIT_OPEN.label());
        }
        return new AttemptResult.Failed(f);
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
                x.fail(ErrorReply.internal(), false);
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
     * when it goes to the client as it is, with a {@link AttemptResult.Buffered} error that is final, or fails with an
     * {@link UpstreamFailure}.
     */
    private CompletionStage<AttemptResult.Answer> attempt(int n, UpstreamUrl url) {
        CompletableFuture<AttemptResult.Answer> result = new CompletableFuture<>();
        onLoop(() -> {
            if (x.over()) {
                result.completeExceptionally(cancelled());
                return;
            }
            x.attempts(n);
            long timeout = x.call.policy().requestTimeoutMillis() > 0
                    ? x.call.policy().requestTimeoutMillis()
                    : client.provider().firstByteTimeout().toMillis();
            long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                attemptEnded(Reason.TIMEOUT.label());
                result.completeExceptionally(UpstreamFailure.timeout(0, 1)); // the deadline's, not the provider's
                return;
            }
            // The request's idle timeout runs until the response headers arrive (Vert.x cancels it then): the
            // first-byte timeout. Silence inside a response is caught by StreamSilence (see ResponseRelay).
            attemptTimeoutMillis = Math.max(1, Math.min(timeout, remaining));
            x.call.applyCredential(ctx.request().method(), sendBody); // signed per attempt: fresh date
            RequestOptions options = new RequestOptions()
                    .setMethod(ctx.request().method())
                    .setHeaders(x.call.upstreamHeaders())
                    // getting a connection (pool wait, connect, TLS) counts against the attempt's time too
                    .setConnectTimeout(Math.min(attemptTimeoutMillis, client.connectTimeoutMillis()))
                    .setIdleTimeout(attemptTimeoutMillis);
            long started = System.nanoTime();
            currentUrl = url;
            client.open(options, url).onComplete(ar -> onLoop(() -> connected(ar, n, started, result)));
        });
        return result;
    }

    private void connected(
            AsyncResult<HttpClientRequest> ar, int n, long started, CompletableFuture<AttemptResult.Answer> result) {
        if (x.over()) {
            if (ar.succeeded()) {
                ar.result().reset();
            }
            result.completeExceptionally(cancelled());
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
                    ctx.provider(),
                    failure.reason() == Reason.UNREACHABLE
                            ? "refused"
                            : failure.reason().label());
            attemptEnded(failure.reason().label());
            LOG.debugf("Provider %s unreachable at %s: %s", ctx.provider(), currentUrl.display(), ar.cause());
            result.completeExceptionally(failure);
            return;
        }
        HttpClientRequest request = ar.result();
        x.current(request);
        // Failures (including our own resets) surface through the response future below.
        request.exceptionHandler(t -> LOG.tracef("Upstream request to %s ended: %s", ctx.provider(), t));
        request.response().onComplete(rr -> onLoop(() -> responded(rr, request, n, started, result)));
        if (sendBody != null) {
            ctx.sentWhole(sendBody.length());
            request.end(sendBody);
        } else {
            RequestBodyRelay.relay(x, request, maxRequestBytes, readTimeoutMillis);
        }
    }

    private void responded(
            AsyncResult<HttpClientResponse> ar,
            HttpClientRequest request,
            int n,
            long started,
            CompletableFuture<AttemptResult.Answer> result) {
        if (x.over()) {
            if (ar.succeeded()) {
                request.reset();
            }
            result.completeExceptionally(cancelled());
            return;
        }
        if (ar.failed()) {
            boolean timedOut = ar.cause() instanceof TimeoutException;
            Reason reason = timedOut ? Reason.TIMEOUT : Reason.RESET;
            metrics.upstreamError(ctx.provider(), reason.label());
            attemptEnded(reason.label());
            result.completeExceptionally(
                    timedOut
                            ? UpstreamFailure.timeout(
                                    attemptTimeoutMillis,
                                    client.provider().firstByteTimeout().toMillis())
                            : UpstreamFailure.noResponse(reason, Kind.RETRYABLE));
            return;
        }
        HttpClientResponse upstream = ar.result();
        upstream.pause();
        // Until it is delivered (or dropped), a reset of this response is expected, not an error to log.
        upstream.exceptionHandler(t -> LOG.tracef("Upstream response from %s ended: %s", ctx.provider(), t));
        long ttfbNanos = System.nanoTime() - started;
        metrics.timeToFirstByte(ctx.provider(), ttfbNanos);
        if (ctx.log() != null) {
            ctx.log().firstByte(ttfbNanos);
        }
        int status = upstream.statusCode();
        if (status < 400) {
            attemptEnded("success");
            result.complete(new AttemptResult.Live(upstream));
            return;
        }
        boolean moreToTry = n < allowedAttempts || moreSteps.getAsBoolean();
        if (!moreToTry) {
            // Nothing else to try: the error goes to the client as it streams in (5xx still counts for the breaker).
            attemptEnded(status >= 500 ? "retryable" : "final");
            AttemptResult.Live live = new AttemptResult.Live(upstream);
            if (status >= 500) {
                result.completeExceptionally(UpstreamFailure.status(Kind.RETRYABLE, status, -1, live));
            } else {
                result.complete(live);
            }
            return;
        }
        ErrorAnswer.read(upstream, request, result, this::attemptEnded);
    }

    /** The exchange ended (client gone, handed over) while an attempt was under way: nothing more to do. */
    private static UpstreamFailure cancelled() {
        return UpstreamFailure.noResponse(Reason.CANCELLED, Kind.FINAL); // (no stack trace: cheap, and rare)
    }

    private void attemptEnded(String outcome) {
        metrics.attempt(ctx.provider(), outcome);
    }
}
