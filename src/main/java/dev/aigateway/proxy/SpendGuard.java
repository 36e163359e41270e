package dev.aigateway.proxy;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.metrics.SpendMetrics;
import dev.aigateway.ratelimit.RateLimiter.Decision;
import dev.aigateway.ratelimit.RateLimiter.Headroom;
import dev.aigateway.ratelimit.SpendRule;
import dev.aigateway.request.BodyFacts;
import dev.aigateway.usage.PriceCatalogue;
import dev.aigateway.usage.Usage;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * Admission's part for spend limits: the request's charges ({@link SpendCharges}, checked with the limit rules in one
 * script), the refusals (over budget: 429, code 2041; unknown price on a rule that refuses it: 403, code 2122), the
 * budget headers, and the pricing of the response's usage its settlement uses.
 */
@Singleton
class SpendGuard {

    /** The tightest matching budget, in USD. */
    static final String SPEND_LIMIT = "cf-aig-spend-limit";
    /** What is left of it, in USD. */
    static final String SPEND_REMAINING = "cf-aig-spend-remaining";
    /** Seconds until its window resets (fixed) or its oldest spend leaves the window (sliding). */
    static final String SPEND_RESET = "cf-aig-spend-reset";

    private final PriceCatalogue prices;
    private final SpendMetrics metrics;
    private final long defaultOutputTokens;

    SpendGuard(PriceCatalogue prices, SpendMetrics metrics, GatewayConfig config) {
        this.prices = prices;
        this.metrics = metrics;
        this.defaultOutputTokens = config.rateLimit().defaultOutputTokens();
    }

    /** @param body the whole request body, or null when it is streamed */
    SpendCharges charges(RequestContext ctx, PreparedCall call, Buffer body, BodyFacts facts) {
        return call.gateway().spendLimits().isEmpty()
                ? SpendCharges.NONE
                : SpendCharges.of(ctx, call, prices, defaultOutputTokens, body, facts);
    }

    /** The refusal of a request whose price is unknown under a rule that refuses such requests. */
    GatewayException unknownPrice(RequestContext ctx, SpendCharges spend) {
        metrics.rejected(ctx.gateway(), "unknown_price");
        return new GatewayException(
                GatewayError.SPEND_PRICE_UNKNOWN,
                "Spend limit '" + spend.refusedBy() + "' refuses requests of unknown price: no price for "
                        + spend.provider() + " " + (spend.model() == null ? "(no model)" : spend.model()));
    }

    /** The budget headers, whenever a spend limit counted the request (allowed or not). */
    static void headers(RequestContext ctx, Decision decision) {
        Headroom h = decision.spendHeadroom();
        if (h != null) {
            ctx.gatewayHeader(SPEND_LIMIT, SpendRule.usd(h.limit()).toPlainString());
            ctx.gatewayHeader(SPEND_REMAINING, SpendRule.usd(h.remaining()).toPlainString());
            ctx.gatewayHeader(SPEND_RESET, Long.toString((h.resetMillis() + 999) / 1000));
        }
    }

    /** The 429 of a request whose maximum cost does not fit a budget ({@code Retry-After} is set by the caller). */
    GatewayException overBudget(RequestContext ctx, PreparedCall call, SpendCharges spend, String limitName) {
        metrics.rejected(ctx.gateway(), "over_budget");
        String id = limitName.substring(limitName.indexOf(':') + 1);
        SpendRule rule = call.gateway().spendLimits().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElse(null);
        String what = rule == null
                ? ""
                : " (cost limit " + SpendRule.usd(rule.budgetNanos()).toPlainString() + " USD per "
                        + rule.intervalMillis() / 1000 + "s, " + (rule.sliding() ? "sliding" : "fixed") + ")";
        return new GatewayException(
                GatewayError.SPEND_LIMITED,
                "Spend limit exceeded: rule '" + id + "'" + what + " for " + spend.provider() + " "
                        + (spend.model() == null ? "" : spend.model()));
    }

    /**
     * What a response cost (nano-dollars; -1 unknown), priced from its usage for the model the provider named, else
     * the one asked for; counted in the spend metric.
     */
    ToLongFunction<Usage> cost(RequestContext ctx, SpendCharges spend, BodyFacts facts) {
        String gateway = ctx.gateway();
        String provider = spend.provider() != null
                ? spend.provider()
                : ctx.provider() == null ? null : ctx.provider().toLowerCase(java.util.Locale.ROOT);
        String model = spend.model() != null ? spend.model() : facts.model();
        boolean limited = !spend.charges().isEmpty();
        return usage -> {
            Instant now = Instant.now();
            long nanos = usage.model() == null ? -1 : prices.costNanos(provider, usage, now);
            if (nanos < 0 && model != null) {
                nanos = prices.costNanos(provider, usage.withModel(model), now);
            }
            if (limited) {
                metrics.spent(gateway, provider, nanos);
            }
            return nanos;
        };
    }
}
