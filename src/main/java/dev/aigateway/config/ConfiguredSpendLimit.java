package dev.aigateway.config;

import io.smallrye.config.WithConverter;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * {@code gateway.gateways.<id>.spend-limits.<rule>.*}: a USD budget per window, checked before the provider is called
 * (the request's maximum cost reserved in Redis, settled with its real cost). Defaults and bounds are applied where
 * gateway settings are built.
 */
public interface ConfiguredSpendLimit {

    /** The budget in US dollars per window (e.g. {@code 5} or {@code 0.25}), at most 1000000. */
    BigDecimal budget();

    /** Window length in seconds. */
    long interval();

    /** {@code fixed} (default: windows aligned to the clock) or {@code sliding} (trailing interval). */
    @WithConverter(RateLimitTechnique.Converter.class)
    Optional<RateLimitTechnique> technique();

    /** Scope by provider (absent: all providers share the budget). */
    Optional<ConfiguredSpendDimension> provider();

    /** Scope by model (absent: all models share the budget). */
    Optional<ConfiguredSpendDimension> model();

    /** Scope by a {@code cf-aig-metadata} key (absent: no metadata scope). */
    Optional<ConfiguredSpendDimension> metadata();

    /** A request whose price is unknown: {@code allow} (default; it counts 0) or {@code refuse}. */
    @WithConverter(UnknownPrice.Converter.class)
    Optional<UnknownPrice> unknownPrice();

    /**
     * Output tokens reserved for a request that does not cap them ({@code max_tokens} and friends); default
     * {@code gateway.rate-limit.default-output-tokens}.
     */
    Optional<Long> defaultMaxTokens();
}
