package dev.aigateway.route;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A conditional element's MongoDB-style expression, checked once when the route is loaded: {@code {"metadata.plan":
 * {"$eq": "free"}}}, {@code {"$or": [ … ]}}; operators {@code $eq $ne $in $nin $gt $gte $lt $lte $exists $and $or}; a
 * plain value means {@code $eq}. Several fields in one object must all match.
 */
public final class Condition {

    private interface Test {
        boolean test(RouteInput in);
    }

    private final Test test;

    private Condition(Test test) {
        this.test = test;
    }

    public boolean matches(RouteInput in) {
        return test.test(in);
    }

    /** Parses an expression; {@link RouteInvalid} (naming {@code element}) when it is not one. */
    static Condition parse(String element, Object expression) {
        return new Condition(expr(element, expression));
    }

    private static Test expr(String element, Object expression) {
        if (!(expression instanceof JsonObject o) || o.isEmpty()) {
            throw RouteInvalid.at(element, "a condition is a non-empty JSON object");
        }
        List<Test> all = new ArrayList<>();
        for (Map.Entry<String, Object> e : o) {
            String key = e.getKey();
            if (key.equals("$and") || key.equals("$or")) {
                if (!(e.getValue() instanceof JsonArray list) || list.isEmpty()) {
                    throw RouteInvalid.at(element, key + " takes a non-empty array of conditions");
                }
                List<Test> parts = new ArrayList<>();
                list.forEach(p -> parts.add(expr(element, p)));
                all.add(
                        key.equals("$and")
                                ? in -> parts.stream().allMatch(p -> p.test(in))
                                : in -> parts.stream().anyMatch(p -> p.test(in)));
            } else if (key.startsWith("$")) {
                throw RouteInvalid.at(element, "unknown operator " + key);
            } else {
                all.add(field(element, key, e.getValue()));
            }
        }
        return all.size() == 1 ? all.get(0) : in -> all.stream().allMatch(p -> p.test(in));
    }

    private static Test field(String element, String path, Object spec) {
        if (!(spec instanceof JsonObject ops)
                || ops.isEmpty()
                || !ops.fieldNames().iterator().next().startsWith("$")) {
            return in -> same(in.field(path), spec);
        }
        List<Test> all = new ArrayList<>();
        for (Map.Entry<String, Object> op : ops) {
            Object want = op.getValue();
            all.add(
                    switch (op.getKey()) {
                        case "$eq" -> in -> same(in.field(path), want);
                        case "$ne" -> in -> !same(in.field(path), want);
                        case "$in" -> in -> anySame(in.field(path), list(element, op.getKey(), want));
                        case "$nin" -> in -> !anySame(in.field(path), list(element, op.getKey(), want));
                        case "$gt" -> order(element, path, want, c -> c > 0);
                        case "$gte" -> order(element, path, want, c -> c >= 0);
                        case "$lt" -> order(element, path, want, c -> c < 0);
                        case "$lte" -> order(element, path, want, c -> c <= 0);
                        case "$exists" -> {
                            if (!(want instanceof Boolean b)) {
                                throw RouteInvalid.at(element, "$exists takes true or false");
                            }
                            yield in -> (in.field(path) != null) == b;
                        }
                        default -> throw RouteInvalid.at(element, "unknown operator " + op.getKey());
                    });
        }
        return all.size() == 1 ? all.get(0) : in -> all.stream().allMatch(p -> p.test(in));
    }

    private static JsonArray list(String element, String op, Object want) {
        if (!(want instanceof JsonArray a)) {
            throw RouteInvalid.at(element, op + " takes an array");
        }
        return a;
    }

    private static Test order(String element, String path, Object want, java.util.function.IntPredicate ok) {
        if (!(want instanceof Number) && !(want instanceof String)) {
            throw RouteInvalid.at(element, "$gt/$gte/$lt/$lte take a number or a string");
        }
        return in -> {
            Integer c = compare(in.field(path), want);
            return c != null && ok.test(c);
        };
    }

    private static boolean anySame(Object value, JsonArray wanted) {
        for (Object w : wanted) {
            if (same(value, w)) {
                return true;
            }
        }
        return false;
    }

    /** Equal as JSON values; a number and a numeric string (metadata sent as text) compare as numbers. */
    static boolean same(Object value, Object want) {
        if (value == null || want == null) {
            return value == null && want == null;
        }
        if (value instanceof Number || want instanceof Number) {
            BigDecimal a = number(value);
            BigDecimal b = number(want);
            return a != null && b != null && a.compareTo(b) == 0;
        }
        if (value instanceof Boolean || want instanceof Boolean) {
            return String.valueOf(value).equals(String.valueOf(want));
        }
        return value.equals(want);
    }

    private static Integer compare(Object value, Object want) {
        if (value == null) {
            return null;
        }
        if (want instanceof Number) {
            BigDecimal a = number(value);
            return a == null ? null : a.compareTo(number(want));
        }
        return value instanceof String s ? s.compareTo((String) want) : null;
    }

    private static BigDecimal number(Object v) {
        try {
            return v instanceof Number || v instanceof String
                    ? new BigDecimal(String.valueOf(v).strip())
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
