package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.routing.UpstreamFailure;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A Universal request's fallback chain: the prepared steps, tried in order by {@link ProxyPipeline}'s loop, each with
 * its own admission and retries. A step that fails with something another provider may serve (retries exhausted,
 * timeout, 401/403/404, out of quota, open breaker) hands over to the next one, as long as nothing was sent to the
 * client and the deadline has not passed ({@link RouteChain}, a dynamic route, finds its steps as it goes). The
 * answer carries {@code cf-aig-step} (the step that answered),
 * {@code cf-aig-attempts} (its attempts) and {@code cf-aig-steps} (every step's outcome so far, as JSON).
 */
class UniversalChain {

    static final String STEP_HEADER = "cf-aig-step";
    static final String STEPS_HEADER = "cf-aig-steps";

    final RequestContext ctx;
    final List<PreparedCall> steps;
    private final GatewayMetrics metrics;
    private final long deadlineNanos;
    private final List<String> outcomes = new ArrayList<>();

    UniversalChain(RequestContext ctx, List<PreparedCall> steps, GatewayMetrics metrics, long deadlineNanos) {
        this.ctx = ctx;
        this.steps = steps;
        this.metrics = metrics;
        this.deadlineNanos = deadlineNanos;
    }

    /** Step {@code i} starts: its labels, headers and log row; returns its call. */
    PreparedCall begin(int i) {
        PreparedCall call = steps.get(i);
        ctx.provider(call.provider().slug());
        PreparedCall.Compat compat = call.compat(); // a "provider":"compat" step: translated as the compat endpoint
        ctx.ingress(compat == null ? null : compat.ingress());
        ctx.translation(compat == null ? null : compat.newTranslation());
        if (compat != null && ctx.log() != null) {
            ctx.log().ingress(compat.ingress());
        }
        ctx.gatewayHeaderRemove(CacheDirective.CACHE_STATUS);
        ctx.gatewayHeader(STEP_HEADER, Integer.toString(i));
        ctx.gatewayHeader(ProxyPipeline.ATTEMPTS_HEADER, "1");
        if (ctx.log() != null) {
            ctx.log().step(i);
        }
        if (!outcomes.isEmpty()) {
            ctx.gatewayHeader(STEPS_HEADER, "[" + String.join(",", outcomes) + "]");
        }
        started(i, call);
        return call;
    }

    /** Step {@code i} starts (a dynamic route's headers and log fields). */
    void started(int i, PreparedCall call) {}

    /** Step {@code i} answers the client. */
    void served(int i) {}

    /** Whether the compat endpoints count this chain's answer themselves (a dynamic route's). */
    boolean countedByEndpoint() {
        return false;
    }

    /**
     * After step {@code i} fell back: whether step {@code i + 1} is ready (a Universal request's are prepared up
     * front; a dynamic route walks to its next model element, which may end the route instead).
     */
    Future<Boolean> advance(int i) {
        return Future.succeededFuture(true);
    }

    /** Whether a step follows step {@code i} and there is time left for it. */
    boolean hasNext(int i) {
        return i + 1 < steps.size() && System.nanoTime() < deadlineNanos;
    }

    /** Whether step {@code i}'s failure hands over to the next step. */
    boolean fallsBack(int i, UpstreamFailure failure) {
        return failure.kind() != UpstreamFailure.Kind.FINAL && hasNext(i);
    }

    /** Step {@code i} failed after {@code attempts} and the next one is tried: its outcome, metric and log row. */
    void fellBack(int i, UpstreamFailure failure, int attempts) {
        outcomes.add(outcome(i, failure.outcome(), failure.status(), attempts));
        metrics.fallback(ctx.gateway(), steps.get(i).provider().slug());
        ctx.logStepFailed(failure.statusOrGateway(), failure.outcome(), i + 1);
    }

    /** Step {@code i} answers the client (success or error) with this status after this many attempts. */
    void answering(int i, String outcome, int status, int attempts) {
        served(i);
        if (ctx.ingress() != null
                && !countedByEndpoint()) { // a "provider":"compat" step answers: counted as the compat endpoints count
            metrics.compatRequest(ctx.ingress(), steps.get(i).provider().slug());
        }
        outcomes.add(outcome(i, outcome, status, attempts));
        ctx.gatewayHeader(STEP_HEADER, Integer.toString(i));
        ctx.gatewayHeader(ProxyPipeline.ATTEMPTS_HEADER, Integer.toString(Math.max(1, attempts)));
        ctx.gatewayHeader(STEPS_HEADER, "[" + String.join(",", outcomes) + "]");
    }

    private String outcome(int i, String outcome, int status, int attempts) {
        return "{\"step\":" + i + ",\"provider\":\"" + steps.get(i).provider().slug() + "\",\"outcome\":\"" + outcome
                + "\"" + (status > 0 ? ",\"status\":" + status : "") + ",\"attempts\":" + Math.max(1, attempts) + "}";
    }
}
