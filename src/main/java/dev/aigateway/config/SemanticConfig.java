package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.semantic.*}: the semantic cache's shared machinery (whether a gateway uses it is per gateway). */
public interface SemanticConfig {

    /** Threads computing embeddings (never an event loop). */
    @WithDefault("2")
    int workers();

    /** Embeddings waiting for a thread; a request finding the queue full skips the semantic lookup (counted). */
    @WithDefault("32")
    int queue();

    /**
     * Load the embedding model at start-up (on a worker thread, off the event loops) when a configured gateway uses
     * the semantic cache; false: on first use.
     */
    @WithDefault("true")
    boolean preload();

    /** Longest text embedded, in characters (the model reads at most 256 word pieces per window). */
    @WithDefault("4000")
    int maxTextChars();

    /** How often each replica reads the entries other replicas added (a Redis stream). */
    @WithDefault("250ms")
    Duration pollInterval();

    /** A Redis call of the semantic cache slower than this is a miss. */
    @WithDefault("50ms")
    Duration lookupTimeout();

    /** Lowest threshold a request may ask for with {@code cf-aig-semantic-threshold}. */
    @WithDefault("0.80")
    double minThreshold();
}
