package dev.aigateway.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.upstream.*}: connections to providers. */
public interface UpstreamConfig {

    /** Time allowed to open a TCP (and TLS) connection to a provider. */
    @WithDefault("10s")
    Duration connectTimeout();

    /**
     * Time allowed between sending the request and the first byte of the provider's response. Non-streaming
     * completions of reasoning models can take minutes, so the default is generous.
     */
    @WithDefault("10m")
    Duration firstByteTimeout();

    /**
     * Longest silence allowed inside a provider's response once it has started, e.g. between stream chunks; the
     * stream is then cut and the client sees it broken. Applies per response (an HTTP/2 connection with other active
     * streams stays open); the wait for the response head has the first-byte timeout instead.
     */
    @WithDefault("15m")
    Duration idleTimeout();

    /** Keep-alive connections per provider host (HTTP/1.1). */
    @WithDefault("512")
    int maxPoolSize();

    /** HTTP/2 connections per provider host, when the provider offers HTTP/2 over TLS. */
    @WithDefault("8")
    int http2MaxPoolSize();

    /** Requests waiting for a pooled connection per provider before new ones are refused (-1: unbounded). */
    @WithDefault("4096")
    int maxWaitQueueSize();

    /** How long an unused keep-alive connection stays in the pool. */
    @WithDefault("60s")
    Duration keepAliveTimeout();
}
