package dev.aigateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code gateway_route_decisions_total}: a dynamic route's element decided (conditional {@code true}/{@code false}, a
 * percentage output, rate {@code success}/{@code fallback}, model {@code success}/{@code fallback}, {@code end}).
 * Routes and elements come from configuration or the management API (bounded in number); past
 * {@value #MAX_ROUTE_SERIES} series the labels are {@code other}.
 */
final class RouteDecisions {

    /** At most this many route/element/outcome series; decisions beyond are counted under {@code other}. */
    private static final int MAX_ROUTE_SERIES = 2000;

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    RouteDecisions(MeterRegistry registry) {
        this.registry = registry;
    }

    void decided(String gateway, String route, String element, String outcome) {
        String key = gateway + '|' + route + '|' + element + '|' + outcome;
        Counter c = counters.get(key);
        if (c == null) {
            boolean full = counters.size() >= MAX_ROUTE_SERIES;
            String k = full ? "other|other|other|other" : key;
            c = counters.computeIfAbsent(k, x -> Counter.builder("gateway.route.decisions")
                    .description("Dynamic-route decisions, by gateway, route, element and outcome")
                    .tags(
                            "gateway", full ? "other" : gateway,
                            "route", full ? "other" : route,
                            "element", full ? "other" : element,
                            "outcome", full ? "other" : outcome)
                    .register(registry));
        }
        c.increment();
    }
}
