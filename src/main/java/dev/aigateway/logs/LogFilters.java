package dev.aigateway.logs;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the filters of a Logs API request (spec §6.3) in every form clients send them: bracketed query arrays
 * ({@code filters[0][key]=…}), a JSON string ({@code filters=[{key, operator, value}]}), the dotted repeated form of the
 * official Cloudflare SDKs, and the legacy flat parameters ({@code provider=…}, {@code min_cost=…}). Keys and
 * operators are checked against fixed lists here; values are checked (and bound) by {@link LogQuery}.
 */
public final class LogFilters {

    private static final Pattern BRACKETED =
            Pattern.compile("filters\\[(\\d+)]\\[(key|operator|value)](?:\\[(\\d*)])?");

    private static final List<String> OPERATORS = List.of("eq", "neq", "contains", "lt", "gt");

    /** Deprecated flat parameters, still accepted (spec §6.3): equality. */
    private static final List<String> LEGACY_EQUALS = List.of(
            "cached",
            "success",
            "model",
            "model_type",
            "provider",
            "request_content_type",
            "response_content_type",
            "feedback");

    /** Deprecated flat parameters: inclusive ranges, {min, max, filter key}. */
    private static final String[][] LEGACY_RANGES = {
        {"start_date", "end_date", "created_at"},
        {"min_cost", "max_cost", "cost"},
        {"min_duration", "max_duration", "duration"},
        {"min_tokens_in", "max_tokens_in", "tokens_in"},
        {"min_tokens_out", "max_tokens_out", "tokens_out"},
        {"min_total_tokens", "max_total_tokens", "tokens"}
    };

    private LogFilters() {}

    /**
     * The filters of a request: dotted (from the raw query, whose order ties values to their key), bracketed, JSON,
     * then legacy.
     *
     * @throws LogQuery.Invalid for an unknown key or operator, a filter without a value, or malformed JSON
     */
    public static List<LogFilter> parse(MultiMap params, String rawQuery) {
        List<LogFilter> out = new ArrayList<>();
        dotted(rawQuery, out);
        bracketed(params, out);
        for (String json : params.getAll("filters")) {
            json(json, out);
        }
        legacy(params, out);
        return out;
    }

    private static void bracketed(MultiMap params, List<LogFilter> out) {
        Map<Integer, String[]> parts = new TreeMap<>();
        Map<Integer, List<String>> values = new TreeMap<>();
        for (Map.Entry<String, String> p : params) {
            Matcher m = BRACKETED.matcher(p.getKey());
            if (!m.matches()) {
                continue;
            }
            int i;
            try {
                i = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                throw new LogQuery.Invalid("Filter index out of range: " + LogQuery.printable(m.group(1)));
            }
            String[] kv = parts.computeIfAbsent(i, k -> new String[2]);
            switch (m.group(2)) {
                case "key" -> kv[0] = p.getValue();
                case "operator" -> kv[1] = p.getValue();
                default -> values.computeIfAbsent(i, k -> new ArrayList<>()).add(p.getValue());
            }
        }
        parts.forEach((i, kv) -> out.add(filter(kv[0], kv[1], values.getOrDefault(i, List.of()))));
    }

    private static void json(String json, List<LogFilter> out) {
        JsonArray array;
        try {
            array = json.strip().startsWith("[") ? new JsonArray(json) : new JsonArray().add(new JsonObject(json));
        } catch (RuntimeException e) {
            throw new LogQuery.Invalid("filters must be a JSON array of {key, operator, value}");
        }
        for (Object o : array) {
            if (!(o instanceof JsonObject f)) {
                throw new LogQuery.Invalid("filters must be a JSON array of {key, operator, value}");
            }
            Object v = f.getValue("value");
            List<String> vs = new ArrayList<>();
            if (v instanceof JsonArray a) {
                a.forEach(x -> vs.add(String.valueOf(x)));
            } else if (v != null) {
                vs.add(String.valueOf(v));
            }
            out.add(filter(f.getString("key"), f.getString("operator"), vs));
        }
    }

    /**
     * The form the official Cloudflare SDKs send ({@code qs} with dots and repeated keys):
     * {@code filters.key=a&filters.operator=eq&filters.value=x&filters.value=y&filters.key=b...}. Only the order of
     * the raw query ties a value to its filter, so it is read from the raw query: each {@code filters.key} starts one.
     */
    private static void dotted(String rawQuery, List<LogFilter> out) {
        if (rawQuery == null || !rawQuery.contains("filters.")) {
            return;
        }
        String key = null;
        String operator = null;
        List<String> values = new ArrayList<>();
        boolean open = false;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (name) {
                case "filters.key" -> {
                    if (open) {
                        out.add(filter(key, operator, values));
                    }
                    key = value;
                    operator = null;
                    values = new ArrayList<>();
                    open = true;
                }
                case "filters.operator", "filters.value" -> {
                    if (!open) {
                        throw new LogQuery.Invalid(name + " must follow filters.key");
                    }
                    if (name.equals("filters.operator")) {
                        operator = value;
                    } else {
                        values.add(value);
                    }
                }
                default -> {}
            }
        }
        if (open) {
            out.add(filter(key, operator, values));
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new LogQuery.Invalid("Malformed query string");
        }
    }

    private static LogFilter filter(String key, String operator, List<String> values) {
        if (!LogQuery.filterable(key)) {
            throw new LogQuery.Invalid("Unsupported filter key: " + LogQuery.printable(key));
        }
        String op = operator == null ? "eq" : operator.toLowerCase(Locale.ROOT);
        if (!OPERATORS.contains(op)) {
            throw new LogQuery.Invalid("Unsupported filter operator: " + LogQuery.printable(operator));
        }
        if (values.isEmpty()) {
            throw new LogQuery.Invalid("Filter " + key + " needs a value");
        }
        return new LogFilter(key, op, values);
    }

    private static void legacy(MultiMap params, List<LogFilter> out) {
        for (String key : LEGACY_EQUALS) {
            String v = params.get(key);
            if (v != null && !v.isBlank()) {
                out.add(new LogFilter(key, "eq", List.of(v)));
            }
        }
        for (String[] r : LEGACY_RANGES) {
            String lo = params.get(r[0]);
            String hi = params.get(r[1]);
            if (lo != null && !lo.isBlank()) {
                out.add(new LogFilter(r[2], "gte", List.of(lo)));
            }
            if (hi != null && !hi.isBlank()) {
                out.add(new LogFilter(r[2], "lte", List.of(hi)));
            }
        }
    }
}
