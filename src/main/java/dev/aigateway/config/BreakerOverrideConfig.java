package dev.aigateway.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code gateway.providers.<slug>.circuit-breaker.*}: one provider's breaker; each unset field takes
 * {@code gateway.routing.circuit-breaker.*} ({@link BreakerConfig}, where the fields are described).
 */
public interface BreakerOverrideConfig {

    Optional<Boolean> enabled();

    Optional<Integer> requestVolumeThreshold();

    Optional<Double> failureRatio();

    Optional<Duration> delay();

    Optional<Integer> successThreshold();

    Optional<Duration> window();
}
