package dev.aigateway.proxy;

import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.SpendRule;
import dev.aigateway.ratelimit.TokenEstimate;
import dev.aigateway.request.BodyFacts;
import dev.aigateway.usage.PriceCatalogue;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one call may cost under each of its gateway's spend limits: the rules whose filters the request matches, each
 * charged the request's maximum cost in nano-dollars (prompt estimate × input price + output cap × output price, from
 * the price catalogue) on the counter of its split values. A rule whose split dimension the request lacks (no such
 * metadata key, no model) does not count it. A request whose price is unknown passes a rule that allows it (counting
 * 0) and is refused by one that refuses it.
 *
 * @param charges the charges, checked with the limit rules' in one script
 * @param refusedBy the first rule that refuses the request for its unknown price, null when none does
 * @param provider the provider the cost is priced for
 * @param model the model priced (the body's), null when the body names none
 */
record SpendCharges(List<Charge> charges, String refusedBy, String provider, String model) {

    static final SpendCharges NONE = new SpendCharges(List.of(), null, null, null);

    /** @param body the whole request body, or null when it is streamed */
    static SpendCharges of(
            RequestContext ctx,
            PreparedCall call,
            PriceCatalogue prices,
            long defaultOutputTokens,
            Buffer body,
            BodyFacts facts) {
        List<SpendRule> rules = call.gateway().spendLimits();
        if (rules.isEmpty()) {
            return NONE;
        }
        String provider = ctx.provider() == null ? null : ctx.provider().toLowerCase(Locale.ROOT);
        String model = facts.model();
        long prompt = TokenEstimate.of(body == null ? 0 : body.length(), 0, 0);
        Instant now = Instant.now();
        Map<String, Object> metadata = ctx.metadata();
        List<Charge> charges = new ArrayList<>(rules.size());
        String refusedBy = null;
        for (SpendRule rule : rules) {
            String split = rule.counterId(provider, model, metadataValue(metadata, rule.metadata()));
            if (split == null) {
                continue;
            }
            long output = facts.maxOutputTokens() >= 0
                    ? facts.maxOutputTokens()
                    : rule.defaultMaxTokens() >= 0 ? rule.defaultMaxTokens() : defaultOutputTokens;
            long cost =
                    model == null ? -1 : prices.maxCostNanos(provider, model, prompt, TokenEstimate.clamp(output), now);
            if (cost < 0) {
                if (rule.refuseUnknownPrice() && refusedBy == null) {
                    refusedBy = rule.id();
                }
                continue; // allowed: counts 0
            }
            charges.add(Charge.of(call.gateway().id(), rule.limitRule(), split.isEmpty() ? null : split, cost));
        }
        return new SpendCharges(List.copyOf(charges), refusedBy, provider, model);
    }

    private static String metadataValue(Map<String, Object> metadata, SpendRule.Dimension d) {
        if (!d.present() || metadata == null) {
            return null;
        }
        Object v = metadata.get(d.key());
        return v == null ? null : v.toString();
    }

    boolean refused() {
        return refusedBy != null;
    }
}
