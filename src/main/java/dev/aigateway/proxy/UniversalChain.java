package dev.aigateway.proxy;

import dev.aigateway.cache.CacheDirective;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.routing.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Universal request's fallback chain: steps run in order, each with its own retries; a step that fails with
 * something another provider may serve (retries exhausted, timeout, 401/403/404, out of quota, open breaker) hands
 * over to the next one, as long as nothing was sent to the client and the deadline has not passed. The answer carries
 * {@code cf-aig-step} (the step that answered), {@code cf-aig-attempts} (its attempts) and {@code cf-aig-steps} (every
 * step's outcome so far, as JSON).
 */
final class UniversalChain {

    static final String STEP_HEADER = "cf-aig-step";
    static final String STEPS_HEADER = "cf-aig-steps";

    private final RequestContext ctx;
    private final List<ProxyPipeline.Prepared> steps;
    private final GatewayMetrics metrics;
    private final Consumer<ProxyPipeline.Prepared> forward;
    private final long deadlineNanos;
    private final Context context;
    private final List<String> outcomes = new ArrayList<>();

    /**
     * @param forward admits and forwards one prepared step (rate limits, cache, upstream call)
     */
    UniversalChain(
            RequestContext ctx,
            List<ProxyPipeline.Prepared> steps,
            GatewayMetrics metrics,
            long deadlineNanos,
            Consumer<ProxyPipeline.Prepared> forward) {
        this.ctx = ctx;
        this.steps = steps;
        this.metrics = metrics;
        this.deadlineNanos = deadlineNanos;
        this.forward = forward;
        this.context = Vertx.currentContext();
    }

    void start() {
        run(0);
    }

    private void run(int i) {
        ProxyPipeline.Prepared p = steps.get(i);
        ctx.provider(p.provider().slug());
        ctx.gatewayHeaderRemove(CacheDirective.CACHE_STATUS);
        ctx.gatewayHeader(STEP_HEADER, Integer.toString(i));
        ctx.gatewayHeader(Exchange.ATTEMPTS_HEADER, "1");
        if (ctx.log() != null) {
            ctx.log().step(i);
        }
        if (!outcomes.isEmpty()) {
            ctx.gatewayHeader(STEPS_HEADER, "[" + String.join(",", outcomes) + "]");
        }
        p.exchange().asStep(new StepView(i, p.provider().slug())).deadline(deadlineNanos);
        forward.accept(p);
    }

    private final class StepView implements Exchange.Step {
        private final int index;
        private final String provider;

        StepView(int index, String provider) {
            this.index = index;
            this.provider = provider;
        }

        @Override
        public boolean hasNext() {
            return index + 1 < steps.size() && System.nanoTime() < deadlineNanos;
        }

        @Override
        public boolean fallBack(UpstreamFailure failure, int attempts) {
            if (!hasNext()) {
                return false;
            }
            outcomes.add(outcome(failure.outcome(), failure.status(), attempts));
            metrics.fallback(ctx.gateway(), provider);
            ctx.logStepFailed(failure.statusOrGateway(), failure.outcome(), index + 1);
            context.runOnContext(v -> run(index + 1));
            return true;
        }

        @Override
        public void answering(String outcome, int status, int attempts) {
            outcomes.add(outcome(outcome, status, attempts));
            ctx.gatewayHeader(STEP_HEADER, Integer.toString(index));
            ctx.gatewayHeader(Exchange.ATTEMPTS_HEADER, Integer.toString(Math.max(1, attempts)));
            ctx.gatewayHeader(STEPS_HEADER, "[" + String.join(",", outcomes) + "]");
        }

        private String outcome(String outcome, int status, int attempts) {
            return "{\"step\":" + index + ",\"provider\":\"" + provider + "\",\"outcome\":\"" + outcome + "\""
                    + (status > 0 ? ",\"status\":" + status : "") + ",\"attempts\":" + Math.max(1, attempts) + "}";
        }
    }
}
