package dev.aigateway.config;

import io.smallrye.config.WithConverter;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway.gateways.<id>.load-balancing.<provider>.*}: how requests that bring no key of their own (and pin no
 * alias with {@code cf-aig-byok-alias}) spread across the provider's stored keys and deployments. Bounds are applied
 * where gateway settings are built.
 */
public interface ConfiguredBalancing {

    /** {@code weighted} (default) or {@code least-in-flight}. */
    @WithConverter(BalanceStrategy.Converter.class)
    Optional<BalanceStrategy> strategy();

    /**
     * Member (stored-key alias or deployment name) → weight, 1 to 1000. Empty: every stored-key alias of the provider
     * (or, without stored keys, every deployment) with weight 1.
     */
    Map<String, Integer> weights();
}
