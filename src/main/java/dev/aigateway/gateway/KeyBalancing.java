package dev.aigateway.gateway;

import dev.aigateway.config.BalanceStrategy;
import dev.aigateway.config.Spelled;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How one provider's requests spread across its stored keys or deployments: a gateway's {@code load-balancing} setting
 * (config and management API) or a route {@code model} element's {@code load_balancing} property. Members are named
 * by stored-key alias or deployment name; their secrets are never here.
 *
 * @param weights member → weight (1–1000), sorted by name; empty: every stored key (else every deployment), weight 1
 */
public record KeyBalancing(BalanceStrategy strategy, Map<String, Integer> weights) {

    public static final int MAX_MEMBERS = 16;
    public static final int MAX_WEIGHT = 1000;
    public static final BalanceStrategy DEFAULT_STRATEGY = BalanceStrategy.WEIGHTED;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public KeyBalancing {
        weights = Map.copyOf(new TreeMap<>(weights));
    }

    /** Checked; a bad value throws {@link IllegalArgumentException} naming {@code field}. */
    public static KeyBalancing of(String field, Optional<BalanceStrategy> strategy, Map<String, Integer> weights) {
        if (weights.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException(field + ".weights: at most " + MAX_MEMBERS + " members");
        }
        TreeMap<String, Integer> checked = new TreeMap<>();
        weights.forEach((name, weight) -> {
            String n = name.replace("\"", "");
            if (!NAME.matcher(n).matches()) {
                throw new IllegalArgumentException(field + ".weights: a member is a stored-key alias or deployment"
                        + " name of 1-64 letters, digits, '.', '_' or '-'");
            }
            if (weight == null || weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException(
                        field + ".weights." + n + " must be an integer between 1 and " + MAX_WEIGHT);
            }
            checked.put(n, weight);
        });
        return new KeyBalancing(strategy.orElse(DEFAULT_STRATEGY), checked);
    }

    /** {@code {"strategy": "weighted" | "least-in-flight", "weights": {"<member>": 2, ...}}} (both optional). */
    public static KeyBalancing fromJson(String field, Object value) {
        if (!(value instanceof JsonObject o)) {
            throw new IllegalArgumentException(field + " must be an object with strategy and weights");
        }
        Optional<BalanceStrategy> strategy = Optional.empty();
        Object s = o.getValue("strategy");
        if (s != null) {
            strategy = s instanceof String word ? Spelled.parse(BalanceStrategy.values(), word) : Optional.empty();
            if (strategy.isEmpty()) {
                throw new IllegalArgumentException(
                        field + ".strategy must be one of " + Spelled.choices(BalanceStrategy.values()));
            }
        }
        Map<String, Integer> weights = new TreeMap<>();
        Object w = o.getValue("weights");
        if (w != null) {
            if (!(w instanceof JsonObject byName)) {
                throw new IllegalArgumentException(field + ".weights must be an object of member name to weight");
            }
            for (Map.Entry<String, Object> e : byName) {
                if (!(e.getValue() instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new IllegalArgumentException(field + ".weights must be integers between 1 and " + MAX_WEIGHT);
                }
                weights.put(e.getKey(), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.longValue())));
            }
        }
        return of(field, strategy, weights);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("strategy", strategy.spelling())
                .put("weights", new JsonObject(new TreeMap<String, Object>(weights)));
    }
}
