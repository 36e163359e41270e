package dev.aigateway.route;

import dev.aigateway.gateway.KeyBalancing;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Builds one {@link RouteElement} from its JSON, checking what its kind needs. */
final class RouteElements {

    private static final Map<RouteElement.Kind, Set<String>> OUTPUTS = Map.of(
            RouteElement.Kind.START, Set.of("next"),
            RouteElement.Kind.CONDITIONAL, Set.of("true", "false"),
            RouteElement.Kind.RATE, Set.of("success", "fallback"),
            RouteElement.Kind.MODEL, Set.of("success", "fallback"),
            RouteElement.Kind.END, Set.of());

    private RouteElements() {}

    static RouteElement build(
            String id,
            RouteElement.Kind kind,
            JsonObject props,
            Map<String, String> outputs,
            Predicate<String> providerExists,
            AtomicLong counter) {
        if (kind != RouteElement.Kind.PERCENTAGE) {
            for (String output : outputs.keySet()) {
                if (!OUTPUTS.get(kind).contains(output)) {
                    throw RouteInvalid.at(
                            id,
                            "a " + kind.name().toLowerCase(Locale.ROOT) + " element has no output '" + output
                                    + "' (its outputs: " + String.join(", ", OUTPUTS.get(kind)) + ")");
                }
            }
        }
        switch (kind) {
            case START -> require(id, outputs, "next");
            case CONDITIONAL -> {
                require(id, outputs, "true");
                require(id, outputs, "false");
                Object expr =
                        props.containsKey("conditions") ? props.getValue("conditions") : props.getValue("condition");
                return new RouteElement(id, kind, outputs, Condition.parse(id, expr), null, null, null, null, counter);
            }
            case PERCENTAGE -> {
                return new RouteElement(
                        id, kind, outputs, null, split(id, outputs), key(id, props), null, null, counter);
            }
            case RATE -> {
                require(id, outputs, "success");
                return new RouteElement(id, kind, outputs, null, null, key(id, props), rate(id, props), null, counter);
            }
            case MODEL -> {
                return new RouteElement(
                        id, kind, outputs, null, null, null, null, model(id, props, providerExists), counter);
            }
            default -> {}
        }
        return new RouteElement(id, kind, outputs, null, null, null, null, null, counter);
    }

    private static void require(String id, Map<String, String> outputs, String output) {
        if (!outputs.containsKey(output)) {
            throw RouteInvalid.at(id, "output '" + output + "' is missing");
        }
    }

    /** Outputs {@code "10%"} … (at most five, at most 100 % together) and an optional {@code else}. */
    private static RouteElement.Split split(String id, Map<String, String> outputs) {
        List<String> names = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        double total = 0;
        for (String output : outputs.keySet()) {
            if (output.equals("else")) {
                continue;
            }
            double share;
            try {
                share = Double.parseDouble(output.strip().replaceAll("%$", ""));
            } catch (NumberFormatException e) {
                share = -1;
            }
            if (!output.strip().endsWith("%") || !(share >= 0) || share > 100) {
                throw RouteInvalid.at(id, "percentage output '" + output + "' is not like \"10%\" or \"else\"");
            }
            total += share;
            names.add(output);
            bounds.add(total / 100);
        }
        if (names.size() > RouteGraph.MAX_PERCENT_OUTPUTS) {
            throw RouteInvalid.at(
                    id,
                    "a percentage element has at most " + RouteGraph.MAX_PERCENT_OUTPUTS
                            + " percentage outputs (plus else)");
        }
        if (total > 100.000001) {
            throw RouteInvalid.at(id, "the percentages add up to more than 100%");
        }
        if (names.isEmpty() && !outputs.containsKey("else")) {
            throw RouteInvalid.at(id, "a percentage element needs outputs like \"10%\"");
        }
        return new RouteElement.Split(
                names.toArray(String[]::new),
                bounds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String key(String id, JsonObject props) {
        Object key = props.getValue("key");
        if (key == null || (key instanceof String s && s.isBlank())) {
            return null;
        }
        if (!(key instanceof String s) || s.length() > 256) {
            throw RouteInvalid.at(id, "'key' is a path such as \"metadata.user_id\"");
        }
        return s.strip();
    }

    private static RouteElement.Rate rate(String id, JsonObject props) {
        String type = String.valueOf(props.getValue("limitType", props.getValue("limit_type", "count")));
        if (!type.equals("count") && !type.equals("cost")) {
            throw RouteInvalid.at(id, "limitType is 'count' or 'cost'");
        }
        boolean cost = type.equals("cost");
        long limit = cost ? usdLimit(id, props) : number(id, props, "limit", -1);
        if (limit < 0) {
            throw RouteInvalid.at(id, "'limit' is a number >= 0");
        }
        long interval = number(id, props, "interval", number(id, props, "window", 60));
        if (interval <= 0 || interval > 31L * 24 * 3600) {
            throw RouteInvalid.at(id, "'interval' is a number of seconds > 0");
        }
        String technique = String.valueOf(props.getValue("technique", "fixed")).toLowerCase(Locale.ROOT);
        if (!technique.equals("fixed") && !technique.equals("sliding")) {
            throw RouteInvalid.at(id, "'technique' is 'fixed' or 'sliding'");
        }
        return new RouteElement.Rate(cost, limit, interval, technique.equals("sliding"));
    }

    /** A cost element's {@code limit}: US dollars (at most 1,000,000), as nano-dollars. */
    private static long usdLimit(String id, JsonObject props) {
        Object v = props.getValue("limit");
        if (!(v instanceof Number n)) {
            throw RouteInvalid.at(id, "'limit' of a cost element is a number of US dollars");
        }
        java.math.BigDecimal usd = new java.math.BigDecimal(n.toString());
        if (usd.signum() < 0 || usd.compareTo(dev.aigateway.ratelimit.SpendRule.MAX_BUDGET_USD) > 0) {
            throw RouteInvalid.at(id, "'limit' of a cost element is between 0 and 1000000 (US dollars)");
        }
        return dev.aigateway.ratelimit.SpendRule.nanos(usd);
    }

    private static RouteElement.Model model(String id, JsonObject props, Predicate<String> providerExists) {
        Object provider = props.getValue("provider");
        Object model = props.getValue("model");
        if (!(provider instanceof String p) || p.isBlank()) {
            throw RouteInvalid.at(id, "a model element needs 'provider'");
        }
        if (!providerExists.test(p)) {
            throw RouteInvalid.at(
                    id, "unknown provider '" + p + "' (a model element calls a provider of the unified API)");
        }
        if (!(model instanceof String m) || m.isBlank()) {
            throw RouteInvalid.at(id, "a model element needs 'model'");
        }
        long timeout = number(id, props, "timeout", 0);
        long retries = number(id, props, "retries", -1);
        if (timeout < 0 || retries > 10) {
            throw RouteInvalid.at(id, "'timeout' is milliseconds >= 0 and 'retries' at most 10");
        }
        Object lb = props.containsKey("load_balancing")
                ? props.getValue("load_balancing")
                : props.getValue("loadBalancing");
        KeyBalancing balancing = null;
        if (lb != null) {
            try {
                balancing = KeyBalancing.fromJson("load_balancing", lb);
            } catch (IllegalArgumentException e) {
                throw RouteInvalid.at(id, e.getMessage());
            }
        }
        return new RouteElement.Model(p, m, timeout, (int) retries, balancing);
    }

    private static long number(String id, JsonObject props, String name, long fallback) {
        Object v = props.getValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw RouteInvalid.at(id, "'" + name + "' is a number");
        }
    }
}
