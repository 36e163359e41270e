package dev.aigateway.proxy;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayException;
import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.metrics.KeyMetrics;
import dev.aigateway.routing.AttemptResult;
import dev.aigateway.routing.ProviderGuards;
import dev.aigateway.routing.UpstreamFailure;
import dev.aigateway.stream.ByteBudget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The life of a proxied request, in this order; each step returns its outcome, and this class decides what follows:
 *
 * <ol>
 *   <li>resolve the gateway, check the {@code cf-aig-*} headers, start the log row ({@link CallPreparer});
 *   <li>provider, credentials (gateway token, stored keys), upstream URL, retry policy ({@link CallPreparer#prepare}
 *       → {@link PreparedCall});
 *   <li>admission, when the gateway caches, limits or retries: the body read, limits reserved ∥ cache looked up
 *       ({@link Admission} → {@link Admitted}: proceed, cache hit, refused, client left);
 *   <li>the upstream call: attempts, failure classification, retries, circuit breaker, the request body relayed
 *       ({@link UpstreamCall} → {@link AttemptResult}: an answer, or a failure);
 *   <li>the response relay, feeding the response listeners ({@link ResponseRelay}) — or the gateway's own error
 *       answer ({@link ErrorReply}) → {@link Ending};
 *   <li>{@link #end}: metrics, the log row, limit settlement and cache store (the listeners' {@code onEnd}) and the
 *       done signal, exactly once.
 * </ol>
 *
 * The Universal endpoint reads its body, prepares every step (2), then runs 3–5 per step in a plain loop: a step that
 * fails with something another provider may serve hands over to the next while the routing deadline allows.
 */
@Singleton
public class ProxyPipeline {

    private static final Logger LOG = Logger.getLogger(ProxyPipeline.class);

    static final String ATTEMPTS_HEADER = "cf-aig-attempts";

    private final CallPreparer preparer;
    private final Admission admission;
    private final CredentialResolver credentials;
    private final ProviderGuards guards;
    private final GatewayMetrics metrics;
    private final KeyMetrics keyMetrics;
    private final Vertx vertx;
    private final long maxRequestBytes;
    private final long readTimeoutMillis;
    private final long deadlineNanos;
    /** The largest response body kept whole (to read a JSON body's usage from, to store in the cache). */
    private final long maxUsageBodyBytes;
    /** What the copies of responses in flight may hold together (each response's body copy draws from it). */
    private final ByteBudget copies;

    public ProxyPipeline(
            GatewayConfig config,
            CallPreparer preparer,
            Admission admission,
            CredentialResolver credentials,
            ProviderGuards guards,
            GatewayMetrics metrics,
            Vertx vertx,
            ByteBudget copies,
            KeyMetrics keyMetrics) {
        this.copies = copies;
        this.keyMetrics = keyMetrics;
        this.preparer = preparer;
        this.admission = admission;
        this.credentials = credentials;
        this.guards = guards;
        this.metrics = metrics;
        this.vertx = vertx;
        this.maxRequestBytes = config.maxRequestBytes().asLongValue();
        this.readTimeoutMillis = Math.max(1, config.requestReadTimeout().toMillis());
        this.deadlineNanos = config.routing().deadline().toNanos();
        this.maxUsageBodyBytes = Math.max(
                config.cache().maxBodyBytes().asLongValue(),
                config.logs().maxPayloadBytes().asLongValue());
    }

    /** Proxies one request; the returned stage completes when the response is finished or the client is gone. */
    public CompletionStage<Void> proxy(Route route, HttpServerRequest request) {
        RequestContext ctx = new RequestContext(route, request);
        metrics.requestStarted();
        PreparedCall call;
        try {
            GatewaySettings gateway = preparer.gateway(ctx, route);
            preparer.startLog(ctx, gateway, request.headers());
            call = preparer.prepare(
                    ctx, gateway, route, request.headers(), request.query(), request.getHeader("content-length"), null);
        } catch (RuntimeException e) {
            refuseNextTick(ctx, e);
            return ctx.done();
        }
        forward(ctx, call, null, 0).onComplete(ar -> end(ctx, ar.succeeded() ? ar.result() : internalError(ctx, ar)));
        return ctx.done();
    }

    /**
     * The Universal endpoint, {@code POST /v1/{account}/{gateway}}: a JSON array of steps tried in order (see
     * {@link UniversalChain}).
     */
    public CompletionStage<Void> universal(String account, String gatewayId, HttpServerRequest request) {
        RequestContext ctx = new RequestContext(new Route(account, gatewayId, GatewayMetrics.UNKNOWN, ""), request);
        metrics.requestStarted();
        try {
            GatewaySettings gateway = preparer.gateway(ctx, ctx.route());
            boolean authenticated = credentials.authenticateOuter(gateway, request.headers());
            preparer.startLog(ctx, gateway, request.headers());
            if (authenticated && ctx.log() != null) {
                ctx.log().authenticated();
            }
            BodyReader.whole(ctx, maxRequestBytes, readTimeoutMillis, metrics, body -> chain(ctx, gateway, body))
                    .onComplete(ar -> end(ctx, ar.succeeded() ? ar.result() : internalError(ctx, ar)));
        } catch (RuntimeException e) {
            refuseNextTick(ctx, e);
        }
        return ctx.done();
    }

    /** Step 1, then {@code start} works out the call and runs steps 3–5 for it (the unified API's, {@link CompatChat}). */
    CompletionStage<Void> start(Route route, HttpServerRequest request, CompatChat.Start start) {
        RequestContext ctx = new RequestContext(route, request);
        metrics.requestStarted();
        try {
            GatewaySettings gateway = preparer.gateway(ctx, route);
            preparer.startLog(ctx, gateway, request.headers());
            start.run(ctx, gateway, (c, call) -> forward(c, call, null, 0))
                    .onComplete(ar -> end(ctx, ar.succeeded() ? ar.result() : internalError(ctx, ar)));
        } catch (RuntimeException e) {
            refuseNextTick(ctx, e);
        }
        return ctx.done();
    }

    /** The Universal steps, prepared, then run from the first. */
    private Future<Ending> chain(RequestContext ctx, GatewaySettings gateway, Buffer body) {
        List<PreparedCall> steps;
        try {
            steps = preparer.steps(ctx, gateway, body);
        } catch (GatewayException e) {
            return Future.succeededFuture(ErrorReply.send(ctx, e));
        }
        return step(ctx, new UniversalChain(ctx, steps, metrics, ctx.startNanos() + deadlineNanos), 0);
    }

    /** A chain found elsewhere (a dynamic route, {@link RouteChain}), run from its first step. */
    Future<Ending> run(RequestContext ctx, UniversalChain chain) {
        return step(ctx, chain, 0);
    }

    /** The routing deadline of a request. */
    long deadline(RequestContext ctx) {
        return ctx.startNanos() + deadlineNanos;
    }

    /** Universal step {@code i}: steps 3–5 for its call. */
    private Future<Ending> step(RequestContext ctx, UniversalChain chain, int i) {
        return forward(ctx, chain.begin(i), chain, i);
    }

    /**
     * Steps 3–5 for one call: admission, then the provider call and the relay of its answer.
     *
     * @param chain the Universal chain this call is step {@code step} of; null for a plain request
     */
    private Future<Ending> forward(RequestContext ctx, PreparedCall call, UniversalChain chain, int step) {
        preparer.logCall(ctx, call);
        ResponseTaps taps = ResponseTaps.of(ctx, call, maxUsageBodyBytes, copies);
        if (!call.needsAdmission() && ctx.routeCosts().isEmpty()) {
            return call(ctx, call, call.body(), false, taps, chain, step); // straight through
        }
        return admission
                .admit(ctx, call, taps)
                .compose(admitted -> admitted.match(
                        go -> {
                            taps.watch(go.watchers());
                            go.recorders().forEach(taps::record);
                            return call(
                                    ctx, call, go.body(), call.injectUsage() && go.facts().stream(), taps, chain, step);
                        },
                        cached -> ResponseRelay.replay(ctx, cached),
                        refused -> Future.succeededFuture(ErrorReply.send(ctx, refused.error(), refused.close())),
                        () -> Future.succeededFuture(Ending.clientLeft(false))));
    }

    /**
     * Steps 4–5: the provider call, then the relay of its answer (or the fallback to the next Universal step).
     *
     * @param body the whole body when the gateway holds it; null: the client's is relayed as it arrives
     * @param askUsage the held body is a stream request the gateway asks usage for ({@code include_usage} added)
     * @param taps the response's listeners: its one reading, then what admission added (the log row is added here)
     */
    private Future<Ending> call(
            RequestContext ctx,
            PreparedCall call,
            Buffer body,
            boolean askUsage,
            ResponseTaps taps,
            UniversalChain chain,
            int step) {
        if (ctx.log() != null) {
            taps.record(ctx.log());
            ctx.log().usageFrom(taps.usage()); // the row's usage is the response's one read
        }
        Exchange x = new Exchange(ctx, call, body, askUsage, taps, metrics);
        UpstreamCall upstream = new UpstreamCall(
                x,
                guards,
                metrics,
                keyMetrics,
                maxRequestBytes,
                readTimeoutMillis,
                ctx.startNanos() + deadlineNanos,
                () -> chain != null && chain.hasNext(step));
        upstream.run().onComplete(ar -> {
            Throwable bug = ar.cause();
            if (ar.succeeded()) {
                try {
                    ar.result()
                            .match(
                                    answer -> answer(x, upstream, chain, step, answer),
                                    failure -> failed(x, upstream, chain, step, failure));
                    return;
                } catch (RuntimeException e) {
                    bug = e;
                }
            }
            // a bug still answers the client (500, or a cut response), never leaves it hanging
            LOG.errorf(bug, "Unexpected error calling provider %s", ctx.provider());
            x.fail(ErrorReply.internal(), false);
        });
        return x.ending();
    }

    /** The provider answered: the client gets it as it is. */
    private Future<Ending> answer(
            Exchange x, UpstreamCall upstream, UniversalChain chain, int step, AttemptResult.Answer answer) {
        String outcome = answer.matchAnswer(live -> live.status() < 400 ? "served" : "error", buffered -> "final");
        announce(x, upstream, chain, step, outcome, answer.status());
        return new ResponseRelay(x, metrics).answer(answer);
    }

    /**
     * No answer to pass on as it is: the next Universal step takes over, or the client gets the provider's error (if
     * it answered) or the gateway's.
     */
    private Future<Ending> failed(
            Exchange x, UpstreamCall upstream, UniversalChain chain, int step, UpstreamFailure failure) {
        if (x.over()) {
            return x.ending();
        }
        if (chain != null && chain.fallsBack(step, failure)) {
            if (x.ctx.log() != null) {
                x.ctx.log().attempts(Math.max(1, x.attempts()));
            }
            chain.fellBack(step, failure, x.attempts());
            if (failure.answer() != null) {
                failure.answer().matchAnswer(live -> live.response().request().reset(), buffered -> false);
            }
            x.handOver(nextTick(() -> chain.advance(step)
                    .compose(ready -> ready
                            ? step(x.ctx, chain, step + 1)
                            : Future.succeededFuture(ErrorReply.send(x.ctx, ErrorReply.of(failure))))));
            return x.ending();
        }
        announce(x, upstream, chain, step, failure.outcome(), failure.status());
        if (failure.answer() != null) {
            return new ResponseRelay(x, metrics).answer(failure.answer());
        }
        x.fail(ErrorReply.of(failure), false);
        return x.ending();
    }

    /** Tells the client (headers) how many attempts were made and, in a Universal chain, which step answers. */
    private static void announce(
            Exchange x, UpstreamCall upstream, UniversalChain chain, int step, String outcome, int status) {
        if (x.ctx.log() != null) {
            x.ctx.log().attempts(Math.max(1, x.attempts()));
        }
        if (chain != null) {
            chain.answering(step, outcome, status, x.attempts());
        } else if (upstream.allowedAttempts() > 1) {
            x.ctx.gatewayHeader(ATTEMPTS_HEADER, Integer.toString(Math.max(1, x.attempts())));
        }
    }

    /**
     * The request is over: metrics, its log row handed to the writer, the done signal, then the response listeners'
     * end (cache store, limit settlement: after the response, so they never delay it). Runs once per request.
     */
    private void end(RequestContext ctx, Ending ending) {
        if (!ctx.end()) {
            return;
        }
        if (ending.timed() && ctx.upstreamStartNanos() != 0) {
            metrics.upstreamDuration(ctx.provider(), System.nanoTime() - ctx.upstreamStartNanos());
        }
        metrics.bytes(ctx.provider(), ctx.bytesIn(), ctx.bytesOut());
        metrics.request(ctx.gateway(), ctx.provider(), ending.status());
        metrics.requestEnded();
        if (ctx.isStreaming()) {
            metrics.streamEnded();
        }
        ctx.logEnd(ending.status(), ending.cached(), ending.truncated(), ending.errorClass());
        ctx.done().complete(null);
        ctx.endListeners(ending.complete());
    }

    /** A bug still answers the client (500 in the envelope, or a cut response), never leaves it hanging. */
    private static Ending internalError(RequestContext ctx, io.vertx.core.AsyncResult<Ending> failed) {
        LOG.errorf(failed.cause(), "Unexpected error proxying a request to provider %s", ctx.provider());
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return Ending.broken("internal");
        }
        return ErrorReply.send(ctx, ErrorReply.internal());
    }

    /** A request refused before anything started; Quarkus REST finishes setting it up first: answered on the next tick. */
    private void refuseNextTick(RequestContext ctx, RuntimeException e) {
        GatewayException refusal;
        if (e instanceof GatewayException g) {
            refusal = g;
        } else {
            LOG.errorf(e, "Unexpected error preparing a request to provider %s", ctx.provider());
            refusal = ErrorReply.internal();
        }
        vertx.getOrCreateContext().runOnContext(v -> end(ctx, ErrorReply.send(ctx, refusal)));
    }

    /** Runs {@code next} on the next tick of this event loop (a fallback starts on a fresh stack). */
    private static Future<Ending> nextTick(Supplier<Future<Ending>> next) {
        Promise<Ending> promise = Promise.promise();
        Vertx.currentContext().runOnContext(v -> next.get().onComplete(promise));
        return promise.future();
    }
}
