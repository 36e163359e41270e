package dev.aigateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The spend limits' meters: requests refused by a budget, and the settled spend (USD) by gateway and provider. Tags
 * are bounded: gateway ids and provider slugs come from configuration and the provider catalogue, the reason is one
 * of two words; never rules' split values, users or models.
 */
@Singleton
public class SpendMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public SpendMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request refused by a spend limit: {@code over_budget} (429, code 2041) or {@code unknown_price}. */
    public void rejected(String gateway, String reason) {
        counters.computeIfAbsent("r|" + gateway + "|" + reason, k -> Counter.builder("gateway.spend.rejections")
                        .description("Requests refused by a spend limit, by gateway and reason")
                        .tags("gateway", gateway, "reason", reason)
                        .register(registry))
                .increment();
    }

    /** A response's real cost, settled against a gateway's spend limits. */
    public void spent(String gateway, String provider, long nanos) {
        if (nanos <= 0) {
            return;
        }
        counters.computeIfAbsent("s|" + gateway + "|" + provider, k -> Counter.builder("gateway.spend.usd")
                        .description("Settled provider cost (USD) of requests on gateways with spend limits")
                        .tags("gateway", gateway, "provider", provider)
                        .register(registry))
                .increment(nanos / 1e9);
    }
}
