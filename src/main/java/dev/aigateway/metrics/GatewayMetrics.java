package dev.aigateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The gateway's own metrics. Tags are low-cardinality by construction: gateway ids and provider slugs come from
 * configuration (anything else is {@code unknown}), status is a class ({@code 2xx}); never models, users or keys.
 */
@Singleton
public class GatewayMetrics {

    /** LLM-sized latency buckets: from a cache hit to a long reasoning completion. */
    private static final Duration[] LLM_BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(300),
        Duration.ofSeconds(600)
    };

    public static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    /** gateway → provider → counters by status class (index 1..5 for 1xx..5xx). */
    private final ConcurrentMap<String, ConcurrentMap<String, Counter[]>> requests = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, Timer> upstreamDuration = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timeToFirstByte = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> requestBytes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> responseBytes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> clientAborts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DistributionSummary> similarities = new ConcurrentHashMap<>();
    private final AtomicLong inFlightRequests = new AtomicLong();
    private final AtomicLong inFlightStreams = new AtomicLong();
    private final RouteDecisions routeDecisions;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.routeDecisions = new RouteDecisions(registry);
        registry.gauge("gateway.requests.in.flight", inFlightRequests);
        registry.gauge("gateway.streams.in.flight", inFlightStreams);
    }

    /** A request finished (any outcome); {@code status} is what the client got. */
    public void request(String gateway, String provider, int status) {
        int cls = Math.max(1, Math.min(5, status / 100));
        Counter[] byClass =
                cached(cached(requests, gateway, g -> new ConcurrentHashMap<>()), provider, p -> new Counter[6]);
        Counter counter = byClass[cls];
        if (counter == null) {
            counter = Counter.builder("gateway.requests")
                    .description("Requests answered, by gateway, provider and status class")
                    .tags("gateway", gateway, "provider", provider, "status_class", cls + "xx")
                    .register(registry); // idempotent: racing threads get the same counter
            byClass[cls] = counter;
        }
        counter.increment();
    }

    public void timeToFirstByte(String provider, long nanos) {
        cached(timeToFirstByte, provider, k -> timer("gateway.upstream.ttfb", "Provider time to first byte", provider))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void upstreamDuration(String provider, long nanos) {
        cached(
                        upstreamDuration,
                        provider,
                        k -> timer(
                                "gateway.upstream.duration", "Provider call duration, until the last byte", provider))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void bytes(String provider, long in, long out) {
        if (in > 0) {
            cached(requestBytes, provider, k -> bytesCounter("gateway.request.bytes", provider))
                    .increment(in);
        }
        if (out > 0) {
            cached(responseBytes, provider, k -> bytesCounter("gateway.response.bytes", provider))
                    .increment(out);
        }
    }

    /** The provider could not be reached or answered too late ({@code refused}, {@code timeout}, {@code reset}). */
    public void upstreamError(String provider, String kind) {
        cached(upstreamErrors, provider + '|' + kind, k -> Counter.builder("gateway.upstream.errors")
                        .tags("provider", provider, "kind", kind)
                        .register(registry))
                .increment();
    }

    /** The client went away before the response was complete. */
    public void clientAbort(String provider) {
        cached(clientAborts, provider, k -> Counter.builder("gateway.client.aborts")
                        .tags("provider", provider)
                        .register(registry))
                .increment();
    }

    /**
     * A cache event of a gateway, counted in {@code gateway_cache_events_total{event}}: {@code hit}, {@code miss},
     * {@code lookup_error} (Redis failed or was too slow: served as a miss), {@code stored}, {@code store_error},
     * {@code not_stored} (response not cacheable), {@code coalesced} (served from an identical in-flight request).
     */
    public void cache(String gateway, String event) {
        counter("gateway.cache.events", "Cache lookups, stores and their failures", "gateway", gateway, "event", event)
                .increment();
    }

    public void cacheBytesStored(String gateway, long bytes) {
        cached(counters, "cache.bytes|" + gateway, k -> Counter.builder("gateway.cache.stored.bytes")
                        .baseUnit("bytes")
                        .description("Bytes of responses written to the cache")
                        .tags("gateway", gateway)
                        .register(registry))
                .increment(bytes);
    }

    /**
     * A semantic-cache event of a gateway, counted in {@code gateway_semantic_cache_events_total{event}}: {@code hit}
     * (served), {@code shadow_hit} (would have been served: shadow mode), {@code miss}, {@code guarded} (close enough, but a number, name, symbol, negation or opposite differs:
     * a miss, {@code SemanticGuard}), {@code skipped_saturated} (the
     * embedding pool was full: no lookup), {@code not_qualified} (not a text chat turn), {@code lookup_error} (Redis
     * failed or was slow: a miss), {@code stored}, {@code store_error}.
     */
    public void semantic(String gateway, String event) {
        counter(
                        "gateway.semantic.cache.events",
                        "Semantic cache lookups, skips and stores",
                        "gateway",
                        gateway,
                        "event",
                        event)
                .increment();
    }

    /** The similarity of the nearest stored prompt of a semantic lookup (hit or not), a histogram per gateway. */
    public void semanticSimilarity(String gateway, double similarity) {
        cached(similarities, gateway, g -> DistributionSummary.builder("gateway.semantic.cache.similarity")
                        .description("Cosine similarity of the nearest stored prompt per semantic lookup")
                        .tags("gateway", g)
                        .serviceLevelObjectives(0.5, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0)
                        .register(registry))
                .record(similarity);
    }

    /**
     * A rate-limit decision: {@code allowed}, {@code limited}, or {@code error} (Redis failed; the gateway's fail-open
     * setting decided).
     */
    public void rateLimit(String gateway, String result) {
        counter("gateway.ratelimit.decisions", "Rate limiter decisions", "gateway", gateway, "result", result)
                .increment();
    }

    /**
     * A unified-API request ended: by its ingress format ({@code openai.chat}, {@code anthropic.messages}: a bounded
     * set) and the provider it reached.
     */
    public void compatRequest(String format, String provider) {
        counter(
                        "gateway.compat.requests",
                        "Unified API requests, by ingress format and target provider",
                        "format",
                        format,
                        "provider",
                        provider)
                .increment();
    }

    private Counter counter(String name, String description, String tag1, String v1, String tag2, String v2) {
        return cached(counters, name + '|' + v1 + '|' + v2, k -> Counter.builder(name)
                .description(description)
                .tags(tag1, v1, tag2, v2)
                .register(registry));
    }

    /** One upstream attempt ended: {@code success}, {@code retryable}, {@code fallback}, {@code final}, ... */
    public void attempt(String provider, String outcome) {
        counter(
                        "gateway.upstream.attempts",
                        "Upstream attempts by provider and outcome",
                        "provider",
                        provider,
                        "outcome",
                        outcome)
                .increment();
    }

    /** A started stream stopped without its terminal marker; the client got an error event. */
    public void streamTruncated(String gateway, String provider) {
        counter(
                        "gateway.streams.truncated",
                        "Streams cut before their end (client told with an error event)",
                        "gateway",
                        gateway,
                        "provider",
                        provider)
                .increment();
    }

    /** A Universal step failed and the next step was tried. */
    public void fallback(String gateway, String fromProvider) {
        counter(
                        "gateway.fallbacks",
                        "Universal steps that failed over to the next step",
                        "gateway",
                        gateway,
                        "from_provider",
                        fromProvider)
                .increment();
    }

    /** A dynamic route's element decided: see {@link RouteDecisions}. */
    public void routeDecision(String gateway, String route, String element, String outcome) {
        routeDecisions.decided(gateway, route, element, outcome);
    }

    /** Tokens and spend of a logged response; {@code model} is already a bounded label. */
    public void usage(
            String gateway, String provider, String model, dev.aigateway.usage.Usage usage, java.math.BigDecimal cost) {
        tokens(gateway, provider, model, "input", usage.uncachedInput());
        tokens(gateway, provider, model, "cached", usage.cachedRead());
        tokens(gateway, provider, model, "cache_write", usage.cacheWrite());
        tokens(gateway, provider, model, "output", usage.output() - usage.reasoning());
        tokens(gateway, provider, model, "reasoning", usage.reasoning());
        if (cost != null) {
            cached(counters, "cost|" + gateway + '|' + provider + '|' + model, k -> Counter.builder("gateway.cost.usd")
                            .description("Spend in USD (catalogue or custom cost), by gateway, provider and model")
                            .tags("gateway", gateway, "provider", provider, "model", model)
                            .register(registry))
                    .increment(cost.doubleValue());
        }
    }

    private void tokens(String gateway, String provider, String model, String kind, long n) {
        if (n <= 0) {
            return;
        }
        cached(counters, "tokens|" + gateway + '|' + provider + '|' + model + '|' + kind, k -> Counter.builder(
                                "gateway.tokens")
                        .description("Tokens by gateway, provider, model and kind (input, cached, cache_write, output, "
                                + "reasoning; input excludes cached, output excludes reasoning)")
                        .tags("gateway", gateway, "provider", provider, "model", model, "kind", kind)
                        .register(registry))
                .increment(n);
    }

    /**
     * The bytes held by copies of responses in flight ({@code gateway_response_copy_bytes}) and the copies dropped
     * because that budget was spent ({@code gateway_response_copies_refused_total}).
     */
    public <T> void responseCopies(
            T budget,
            java.util.function.ToDoubleFunction<T> usedBytes,
            java.util.function.ToDoubleFunction<T> refusals) {
        io.micrometer.core.instrument.Gauge.builder("gateway.response.copy.bytes", budget, usedBytes)
                .description("Bytes held by copies of responses in flight (cache, usage read, log payload)")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("gateway.response.copies.refused", budget, refusals)
                .description("Response copies dropped because the copies' byte budget was spent")
                .register(registry);
    }

    public void requestStarted() {
        inFlightRequests.incrementAndGet();
    }

    public void requestEnded() {
        inFlightRequests.decrementAndGet();
    }

    public void streamStarted() {
        inFlightStreams.incrementAndGet();
    }

    public void streamEnded() {
        inFlightStreams.decrementAndGet();
    }

    private Timer timer(String name, String description, String provider) {
        return Timer.builder(name)
                .description(description)
                .tags("provider", provider)
                .serviceLevelObjectives(LLM_BUCKETS)
                .minimumExpectedValue(LLM_BUCKETS[0])
                .maximumExpectedValue(LLM_BUCKETS[LLM_BUCKETS.length - 1])
                .register(registry);
    }

    private Counter bytesCounter(String name, String provider) {
        return Counter.builder(name)
                .baseUnit("bytes")
                .tags("provider", provider)
                .register(registry);
    }

    private static <M> M cached(ConcurrentMap<String, M> cache, String key, Function<String, M> create) {
        M meter = cache.get(key);
        return meter != null ? meter : cache.computeIfAbsent(key, create);
    }
}
