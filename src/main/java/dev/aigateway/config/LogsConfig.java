package dev.aigateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.logs.*}: the request path hands log events to a bounded queue; a writer drains it. */
public interface LogsConfig {

    /** Events waiting to be written; when full (PostgreSQL down for long), new events are dropped and counted. */
    @WithDefault("200000")
    int queueCapacity();

    /**
     * Memory the queued events may hold (their request and response bodies, mostly): beyond it an event is queued
     * without its bodies (the row is kept; its payload and the usage read from a JSON body are not).
     */
    @WithDefault("128M")
    MemorySize queueMaxBytes();

    /**
     * Rows written per transaction at most. A batch takes what is queued up to this (the writer's round trips cost per
     * batch, not per row, so a backlog is written in fewer, larger transactions) and up to {@link #batchMaxBytes}.
     */
    @WithDefault("2000")
    int batchSize();

    /** Bytes of queued events ({@code LogEvent.bytes}) per batch at most; a single larger event still goes alone. */
    @WithDefault("16M")
    MemorySize batchMaxBytes();

    /** How often the queue is drained when it does not fill a batch. */
    @WithDefault("200ms")
    Duration flushInterval();

    /** Wait before writing a failed batch again (PostgreSQL down or slow). */
    @WithDefault("1s")
    Duration retryDelay();

    /** Largest stored request or response body; larger ones are cut there and marked truncated. */
    @WithDefault("10M")
    MemorySize maxPayloadBytes();

    /** On shutdown, how long queued events may take to be written. */
    @WithDefault("10s")
    Duration shutdownFlushTimeout();

    /**
     * Spill to local disk what the writer cannot keep in memory: when more than {@link #spoolAbove} events wait (a load
     * above what PostgreSQL takes in, or PostgreSQL down), whole batches are built and kept in {@link #spoolDir}, and
     * written to PostgreSQL, oldest first, once the queue is low again; files left by a crash or restart are written at
     * the next start. Keeps the row count whole without holding the backlog in the heap.
     */
    @WithDefault("true")
    boolean spool();

    /** The spool's directory (created owner-only; it holds request and response bodies). One process per directory. */
    @WithDefault("${java.io.tmpdir}/aigateway-log-spool")
    String spoolDir();

    /** Disk the spool may use; when full, events wait in memory (up to the queue's bounds) as without a spool. */
    @WithDefault("512M")
    MemorySize spoolMaxBytes();

    /** Queued events beyond which the writer spills a batch to the spool instead of writing it. */
    @WithDefault("5000")
    int spoolAbove();

    /** Apply the schema migrations (Flyway) at start-up, retrying in the background until PostgreSQL answers. */
    @WithDefault("true")
    boolean migrate();
}
