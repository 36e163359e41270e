package dev.aigateway.proxy;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.stream.ByteBudget;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one {@link ByteBudget} of response copies in flight (bodies kept for the cache and the usage read, log payloads):
 * {@code gateway.response-copy-bytes}, by default a quarter of the heap the JVM may grow to, so that many large answers
 * at once degrade (copies dropped and counted) instead of exhausting memory.
 */
@Singleton
final class ResponseCopies {

    /** The default share of the maximum heap: the rest is for the requests themselves, the log queue and the caches. */
    static final int HEAP_SHARE = 4;

    @Produces
    @Singleton
    static ByteBudget budget(GatewayConfig config, GatewayMetrics metrics) {
        long limit = config.responseCopyBytes()
                .map(size -> size.asLongValue())
                .orElse(Runtime.getRuntime().maxMemory() / HEAP_SHARE);
        ByteBudget budget = new ByteBudget(limit);
        metrics.responseCopies(budget, ByteBudget::used, ByteBudget::refusals);
        return budget;
    }
}
