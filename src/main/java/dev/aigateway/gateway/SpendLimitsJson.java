package dev.aigateway.gateway;

import dev.aigateway.config.ConfiguredSpendDimension;
import dev.aigateway.config.ConfiguredSpendLimit;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.config.Spelled;
import dev.aigateway.config.SpendScope;
import dev.aigateway.config.UnknownPrice;
import dev.aigateway.gateway.GatewaySpec.Invalid;
import dev.aigateway.ratelimit.SpendRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spend_limits} of a gateway's management-API JSON (our extension, in Cloudflare's snake case): read from a
 * body into the config shape ({@link ConfiguredSpendLimit}, so {@link GatewaySettingsMapper} builds the rules as for
 * config) and shown back. Every rule is checked here, so a bad one is a 400 naming the rule and field.
 *
 * <pre>{"id": "per-user-daily", "budget": 5, "interval": 86400, "technique": "fixed",
 *  "provider": {"mode": "filter", "value": "openai"}, "model": null, "metadata": {"mode": "split", "key": "user"},
 *  "unknown_price": "allow", "default_max_tokens": 1024}</pre>
 */
public final class SpendLimitsJson {

    private static final Set<String> FIELDS = Set.of(
            "id",
            "budget",
            "interval",
            "technique",
            "provider",
            "model",
            "metadata",
            "unknown_price",
            "default_max_tokens");

    private SpendLimitsJson() {}

    /** The rules of {@code spend_limits} (absent or null: none), by id. */
    static Map<String, ConfiguredSpendLimit> read(JsonObject body) {
        Object v = body.getValue("spend_limits");
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof JsonArray array)) {
            throw new Invalid("spend_limits must be an array of rules");
        }
        if (array.size() > SpendRule.MAX_RULES) {
            throw new Invalid("spend_limits: at most " + SpendRule.MAX_RULES + " rules per gateway");
        }
        Map<String, ConfiguredSpendLimit> rules = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject o)) {
                throw new Invalid("spend_limits[" + i + "] must be an object");
            }
            String where = "spend_limits[" + i + "]";
            if (!(o.getValue("id") instanceof String id)) {
                throw new Invalid(where + ".id is required (a string)");
            }
            for (String field : o.fieldNames()) {
                if (!FIELDS.contains(field)) {
                    throw new Invalid(where + ": unknown field '" + field + "' (fields: "
                            + new java.util.TreeSet<>(FIELDS) + ")");
                }
            }
            ConfiguredSpendLimit rule;
            try {
                rule = rule(o);
                SpendRule.of(
                        id,
                        rule.budget(),
                        rule.interval(),
                        false,
                        GatewaySettingsMapper.dimension(rule.provider()),
                        GatewaySettingsMapper.dimension(rule.model()),
                        GatewaySettingsMapper.dimension(rule.metadata()),
                        false,
                        -1);
            } catch (IllegalArgumentException e) {
                throw new Invalid(where + " ('" + id + "'): " + e.getMessage());
            }
            if (rules.put(id, rule) != null) {
                throw new Invalid(where + ": id '" + id + "' is used twice");
            }
        }
        return rules;
    }

    private static ConfiguredSpendLimit rule(JsonObject o) {
        if (!(o.getValue("budget") instanceof Number budget)) {
            throw new IllegalArgumentException("budget is required: a number of US dollars");
        }
        if (!(o.getValue("interval") instanceof Number interval)
                || interval.doubleValue() != Math.rint(interval.doubleValue())) {
            throw new IllegalArgumentException("interval is required: whole seconds");
        }
        Object max = o.getValue("default_max_tokens");
        if (max != null
                && (!(max instanceof Number m) || m.doubleValue() != Math.rint(m.doubleValue()) || m.longValue() < 0)) {
            throw new IllegalArgumentException("default_max_tokens must be a whole number >= 0 or null");
        }
        return new ApiGateway.SpendFields(
                new BigDecimal(budget.toString()),
                interval.longValue(),
                word(o, "technique", RateLimitTechnique.values()),
                dimension(o, "provider"),
                dimension(o, "model"),
                dimension(o, "metadata"),
                word(o, "unknown_price", UnknownPrice.values()),
                Optional.ofNullable(max).map(m -> ((Number) m).longValue()));
    }

    private static Optional<ConfiguredSpendDimension> dimension(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof JsonObject d)) {
            throw new IllegalArgumentException(
                    field + " must be an object ({\"mode\": \"split\"|\"filter\", ...}) or null");
        }
        Optional<SpendScope> mode =
                word(d, "mode", SpendScope.values()).map(Optional::of).orElse(Optional.empty());
        if (mode.isEmpty()) {
            throw new IllegalArgumentException(
                    field + ".mode is required: one of " + Spelled.choices(SpendScope.values()));
        }
        return Optional.of(new ApiGateway.DimensionFields(mode, string(d, field, "value"), string(d, field, "key")));
    }

    private static Optional<String> string(JsonObject d, String field, String name) {
        Object v = d.getValue(name);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + "." + name + " must be a string");
        }
        return Optional.ofNullable((String) v);
    }

    private static <E extends Enum<E> & Spelled> Optional<E> word(JsonObject o, String field, E[] values) {
        Object v = o.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        Optional<E> word = v instanceof String s ? Spelled.parse(values, s) : Optional.empty();
        if (word.isEmpty()) {
            throw new IllegalArgumentException(field + " must be one of " + Spelled.choices(values));
        }
        return word;
    }

    /** The rules as the API shows them (an empty array when there are none). */
    static JsonArray show(java.util.List<SpendRule> rules) {
        JsonArray out = new JsonArray();
        for (SpendRule r : rules) {
            out.add(show(r));
        }
        return out;
    }

    public static JsonObject show(SpendRule r) {
        return new JsonObject()
                .put("id", r.id())
                .put("budget", SpendRule.usd(r.budgetNanos()).doubleValue())
                .put("interval", r.intervalMillis() / 1000)
                .put("technique", r.sliding() ? "sliding" : "fixed")
                .put("provider", show(r.provider()))
                .put("model", show(r.model()))
                .put("metadata", show(r.metadata()))
                .put("unknown_price", r.refuseUnknownPrice() ? "refuse" : "allow")
                .put("default_max_tokens", r.defaultMaxTokens() < 0 ? null : r.defaultMaxTokens());
    }

    private static JsonObject show(SpendRule.Dimension d) {
        if (!d.present()) {
            return null;
        }
        JsonObject o = new JsonObject().put("mode", d.scope().spelling());
        if (d.key() != null) {
            o.put("key", d.key());
        }
        if (d.value() != null) {
            o.put("value", d.value());
        }
        return o;
    }
}
