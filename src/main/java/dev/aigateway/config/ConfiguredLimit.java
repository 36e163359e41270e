package dev.aigateway.config;

import io.smallrye.config.WithConverter;
import java.util.Optional;

/** {@code gateway.gateways.<id>.limits.<rule>.*}: one named limit rule of a gateway. */
public interface ConfiguredLimit {

    /**
     * Whose usage is counted: {@code header:<name>}, {@code metadata:<key>} (a {@code cf-aig-metadata} entry),
     * {@code credential} (the provider key), {@code token} (the gateway token), {@code ip} (the client address) or
     * {@code gateway} (everyone). Requests without the identifier are not counted by this rule.
     */
    String identifier();

    /** Requests (or tokens) allowed per interval. */
    long limit();

    /** Interval length in seconds. */
    int interval();

    /** {@code fixed} (default: windows aligned to the clock) or {@code sliding} (trailing interval). */
    @WithConverter(RateLimitTechnique.Converter.class)
    Optional<RateLimitTechnique> technique();

    /** {@code requests} (default) or {@code tokens} (prompt and completion tokens, reserved up front and settled). */
    @WithConverter(LimitUnit.Converter.class)
    Optional<LimitUnit> unit();
}
