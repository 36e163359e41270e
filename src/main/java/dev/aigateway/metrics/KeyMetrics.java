package dev.aigateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Attempts of balanced calls by the stored key or deployment they used: {@code gateway.upstream.key.attempts} with
 * {@code provider}, {@code key} (the alias or deployment name, never the secret) and {@code outcome}. Bounded: at most
 * {@link #MAX_SERIES} series; attempts beyond them count under key {@code other}.
 */
@Singleton
public class KeyMetrics {

    static final int MAX_SERIES = 512;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public KeyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An attempt with member {@code key} of {@code provider} ended with {@code outcome}. */
    public void attempt(String provider, String key, String outcome) {
        String id = provider + '\u0000' + key + '\u0000' + outcome;
        Counter counter = counters.get(id);
        if (counter == null) {
            String label = key;
            if (counters.size() >= MAX_SERIES) {
                label = OTHER;
                id = provider + '\u0000' + OTHER + '\u0000' + outcome;
            }
            String shown = label;
            counter = counters.computeIfAbsent(id, k -> Counter.builder("gateway.upstream.key.attempts")
                    .description("Attempts of balanced calls by provider, stored key alias or deployment, and outcome")
                    .tags("provider", provider, "key", shown, "outcome", outcome)
                    .register(registry));
        }
        counter.increment();
    }
}
