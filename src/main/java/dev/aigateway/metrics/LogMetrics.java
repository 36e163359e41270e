package dev.aigateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The request log writer's meters: its queue, its batches and the rows or bodies it could not write. */
@Singleton
public class LogMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public LogMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The request-log queue's depth, read when scraped. */
    public void logQueue(java.util.Collection<?> queue) {
        // (a gauge holds its state object weakly: the queue itself, which the writer keeps)
        io.micrometer.core.instrument.Gauge.builder("gateway.log.queue.depth", queue, java.util.Collection::size)
                .description("Request-log events waiting to be written")
                .register(registry);
    }

    /** The request-log spool's rows and bytes on disk, read when scraped. */
    public void logSpool(Supplier<Number> rows, Supplier<Number> bytes) {
        Gauge.builder("gateway.log.spool.rows", rows)
                .description("Request-log rows spilled to local disk and not yet written")
                .register(registry);
        Gauge.builder("gateway.log.spool.bytes", bytes)
                .description("Bytes of request-log rows spilled to local disk and not yet written")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Request-log rows spilled to local disk (written from there later). */
    public void logRowsSpooled(long rows) {
        counters.computeIfAbsent("log.spooled", k -> Counter.builder("gateway.log.rows.spooled")
                        .description("Request-log rows spilled to local disk while the writer's queue ran high")
                        .register(registry))
                .increment(rows);
    }

    /** A request-log batch transaction ended ({@code ok} or {@code error}). */
    public void logBatch(String result, int rows) {
        counters.computeIfAbsent("log.batches|" + result, k -> Counter.builder("gateway.log.batches")
                        .description("Request-log batch transactions, by result")
                        .tags("result", result)
                        .register(registry))
                .increment();
        if (rows > 0) {
            counters.computeIfAbsent("log.rows", k -> Counter.builder("gateway.log.rows.written")
                            .description("Request-log rows written")
                            .register(registry))
                    .increment(rows);
        }
    }

    /**
     * Time a request-log batch spent in one phase: {@code build} (rows made from events, on a worker thread) or
     * {@code write} (its transaction, from the first statement to the commit), and within it {@code insert} (rows and
     * payloads) and {@code rollups} (per gateway).
     */
    public void logPhase(String phase, long nanos) {
        timers.computeIfAbsent(phase, k -> Timer.builder("gateway.log.batch.phase")
                        .description("Time of a request-log batch's phases")
                        .tags("phase", phase)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Request-log rows queued without their bodies (payload and JSON usage lost, the row kept). */
    public void logPayloadsDropped(String reason, long rows) {
        counters.computeIfAbsent("log.payloads.dropped|" + reason, k -> Counter.builder("gateway.log.payloads.dropped")
                        .description("Request-log rows written without their bodies, by reason")
                        .tags("reason", reason)
                        .register(registry))
                .increment(rows);
    }

    /** Request-log rows given up: {@code queue_full}, {@code retention} (STOP_INSERTING), {@code shutdown}, ... */
    public void logRowsDropped(String reason, long rows) {
        counters.computeIfAbsent("log.dropped|" + reason, k -> Counter.builder("gateway.log.rows.dropped")
                        .description("Request-log rows not written, by reason")
                        .tags("reason", reason)
                        .register(registry))
                .increment(rows);
    }
}
