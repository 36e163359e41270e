package dev.aigateway.config;

import io.smallrye.config.WithConverter;
import java.util.Optional;

/**
 * {@code gateway.gateways.<id>.semantic-cache.*}: one gateway's semantic cache (near-duplicate prompts answered from
 * stored responses). Defaults and bounds are applied where gateway settings are built.
 */
public interface ConfiguredSemanticCache {

    /** Default false. */
    Optional<Boolean> enabled();

    /** Cosine similarity a stored prompt must reach to match (0.80–1.0); default in the README's "Semantic cache". */
    Optional<Double> threshold();

    /** Seconds an entry is kept (60 s – 30 days); default 86400. */
    Optional<Integer> ttl();

    /** {@code serve} (default) or {@code shadow}. */
    @WithConverter(SemanticMode.Converter.class)
    Optional<SemanticMode> mode();

    /** Entries kept per gateway (the least recently used are evicted first); default 10000, at most 1000000. */
    Optional<Integer> maxEntries();
}
