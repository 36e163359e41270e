package dev.aigateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.cache.*}: cache settings shared by all gateways (the TTL is per gateway and per request). */
public interface CacheConfig {

    /** A lookup slower than this counts as a MISS (the request goes upstream); Redis never delays a request more. */
    @WithDefault("50ms")
    Duration lookupTimeout();

    /** Largest request body, and largest response body, that is cached (Cloudflare: 25 MB). */
    @WithDefault("25M")
    MemorySize maxBodyBytes();

    /**
     * Concurrent identical misses wait up to this long for the first one's response (single flight) before going
     * upstream themselves; {@code 0} turns coalescing off.
     */
    @WithDefault("30s")
    Duration coalesceTimeout();

    /**
     * Whether a miss takes the cross-replica single-flight lock in Redis, so that identical misses on other replicas
     * wait for its response. False: no lock (and no lock release after the response); identical misses still wait
     * within one replica (no Redis involved). Streaming requests never take it (they never wait).
     */
    @WithDefault("true")
    boolean singleFlight();

    /** How often a request waiting on another replica's identical request checks Redis for its result. */
    @WithDefault("50ms")
    Duration coalescePollInterval();
}
