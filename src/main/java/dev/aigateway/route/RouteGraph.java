package dev.aigateway.route;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A route's element graph (Cloudflare's dynamic-routing JSON), checked when it is loaded or stored: exactly one
 * {@code start}, known element types and providers, every output leading to an element of the route, no cycle.
 * Problems are {@link RouteInvalid} naming the element.
 */
public final class RouteGraph {

    public static final int MAX_ELEMENTS = 64;
    static final int MAX_PERCENT_OUTPUTS = 5;

    private final Map<String, RouteElement> elements;
    private final String start;
    /** Model elements whose {@code fallback} output can reach another model element. */
    private final Set<String> fallsBack = new HashSet<>();

    private RouteGraph(Map<String, RouteElement> elements, String start) {
        this.elements = elements;
        this.start = start;
    }

    public RouteElement start() {
        return elements.get(start);
    }

    public RouteElement element(String id) {
        return id == null ? null : elements.get(id);
    }

    public int size() {
        return elements.size();
    }

    /** Whether model element {@code id} failing may still lead to another model element. */
    public boolean fallsBack(String id) {
        return fallsBack.contains(id);
    }

    /**
     * @param json the {@code elements} array, or an object holding it ({@code {"elements": [...]}})
     * @param providerExists whether a model element's provider is one the gateway knows
     */
    public static RouteGraph parse(Object json, Predicate<String> providerExists) {
        JsonArray list = json instanceof JsonObject o ? o.getJsonArray("elements") : (JsonArray) json;
        if (list == null || list.isEmpty()) {
            throw new RouteInvalid("a route needs 'elements', a non-empty array");
        }
        if (list.size() > MAX_ELEMENTS) {
            throw new RouteInvalid("a route has at most " + MAX_ELEMENTS + " elements");
        }
        Map<String, RouteElement> elements = new LinkedHashMap<>();
        String start = null;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.getValue(i) instanceof JsonObject e)) {
                throw new RouteInvalid("element " + i + " is not a JSON object");
            }
            RouteElement element = element(e, i, providerExists);
            if (elements.putIfAbsent(element.id(), element) != null) {
                throw RouteInvalid.at(element.id(), "the id is used twice");
            }
            if (element.kind() == RouteElement.Kind.START) {
                if (start != null) {
                    throw RouteInvalid.at(
                            element.id(), "a route has exactly one start element ('" + start + "' is one already)");
                }
                start = element.id();
            }
        }
        if (start == null) {
            throw new RouteInvalid("a route needs one element of type 'start'");
        }
        for (RouteElement e : elements.values()) {
            e.outputs().forEach((output, target) -> {
                if (!elements.containsKey(target)) {
                    throw RouteInvalid.at(
                            e.id(),
                            "output '" + output + "' leads to '" + target + "', which is not an element of this route");
                }
                if (elements.get(target).kind() == RouteElement.Kind.START) {
                    throw RouteInvalid.at(e.id(), "output '" + output + "' leads back to the start element");
                }
            });
        }
        RouteGraph graph = new RouteGraph(elements, start);
        graph.checkAcyclic();
        for (RouteElement e : elements.values()) {
            if (e.kind() == RouteElement.Kind.MODEL && graph.reachesModel(e.next("fallback"))) {
                graph.fallsBack.add(e.id());
            }
        }
        return graph;
    }

    private static RouteElement element(JsonObject e, int index, Predicate<String> providerExists) {
        Object rawId = e.getValue("id");
        if (!(rawId instanceof String id) || id.isBlank() || id.length() > 64) {
            throw new RouteInvalid("element " + index + " needs an 'id' (a string of at most 64 characters)");
        }
        Object rawType = e.getValue("type");
        String type = rawType instanceof String s ? s.toLowerCase(Locale.ROOT) : "";
        JsonObject props = e.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
        Map<String, String> outputs = outputs(id, e.getValue("outputs"));
        RouteElement.Kind kind =
                switch (type) {
                    case "start" -> RouteElement.Kind.START;
                    case "conditional" -> RouteElement.Kind.CONDITIONAL;
                    case "percentage" -> RouteElement.Kind.PERCENTAGE;
                    case "rate", "rate_limit", "ratelimit", "budget" -> RouteElement.Kind.RATE;
                    case "model" -> RouteElement.Kind.MODEL;
                    case "end" -> RouteElement.Kind.END;
                    default ->
                        throw RouteInvalid.at(
                                id,
                                "unknown type '" + rawType + "' (start, conditional, percentage, rate, model, end)");
                };
        return RouteElements.build(id, kind, props, outputs, providerExists, new AtomicLong());
    }

    /** {@code {"next": {"elementId": "b"}}} (Cloudflare's shape) or {@code {"next": "b"}}. */
    private static Map<String, String> outputs(String id, Object raw) {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (raw == null) {
            return outputs;
        }
        if (!(raw instanceof JsonObject o)) {
            throw RouteInvalid.at(id, "'outputs' is an object of output name → {\"elementId\": …}");
        }
        for (Map.Entry<String, Object> out : o) {
            Object target = out.getValue() instanceof JsonObject t ? t.getValue("elementId") : out.getValue();
            if (!(target instanceof String s) || s.isBlank()) {
                throw RouteInvalid.at(id, "output '" + out.getKey() + "' names no elementId");
            }
            outputs.put(out.getKey(), s);
        }
        return outputs;
    }

    private void checkAcyclic() {
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String id : elements.keySet()) {
            visit(id, state, new ArrayList<>());
        }
    }

    private void visit(String id, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            throw RouteInvalid.at(
                    id,
                    "the route has a cycle: " + String.join(" → ", path.subList(path.indexOf(id), path.size())) + " → "
                            + id);
        }
        state.put(id, 1);
        path.add(id);
        for (String next : elements.get(id).outputs().values()) {
            visit(next, state, path);
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
    }

    private boolean reachesModel(String id) {
        RouteElement e = element(id);
        if (e == null) {
            return false;
        }
        if (e.kind() == RouteElement.Kind.MODEL) {
            return true;
        }
        for (String next : e.outputs().values()) {
            if (reachesModel(next)) {
                return true;
            }
        }
        return false;
    }
}
