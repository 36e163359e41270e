package dev.aigateway.route;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One element of a route, checked: its kind, its outputs (output name → element id) and what its kind needs.
 *
 * @param condition a conditional's expression
 * @param split a percentage element's outputs in order, with their cumulative upper bounds in [0, 1]
 * @param key the metadata/body/header path a percentage is sticky by, or a rate limit is counted per (null: none)
 * @param rate a rate element's limit
 * @param model a model element's target
 */
public record RouteElement(
        String id,
        Kind kind,
        Map<String, String> outputs,
        Condition condition,
        Split split,
        String key,
        Rate rate,
        Model model,
        AtomicLong counter) {

    public enum Kind {
        START,
        CONDITIONAL,
        PERCENTAGE,
        RATE,
        MODEL,
        END
    }

    /** A percentage element's outputs: {@code names[i]} takes fractions below {@code bounds[i]}; the rest is else. */
    public record Split(String[] names, double[] bounds) {}

    /**
     * @param cost counts the cost of the requests that pass (nano-dollars, priced from their usage) rather than
     *     requests: a request passes while the window's cost is below the limit
     * @param limit requests per window, or nano-dollars per window for a cost element
     */
    public record Rate(boolean cost, long limit, long intervalSeconds, boolean sliding) {}

    /**
     * @param timeoutMillis first-byte timeout of each attempt (0: the gateway's)
     * @param retries retries after the first attempt (-1: the gateway's setting)
     * @param balancing how the provider's stored keys or deployments share this element's requests
     *     ({@code load_balancing}); null: the gateway's setting
     */
    public record Model(
            String provider,
            String model,
            long timeoutMillis,
            int retries,
            dev.aigateway.gateway.KeyBalancing balancing) {}

    /** The element an output leads to; null when the output is not connected (the route ends there). */
    public String next(String output) {
        return outputs.get(output);
    }
}
