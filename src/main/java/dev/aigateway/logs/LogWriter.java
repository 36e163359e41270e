package dev.aigateway.logs;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.config.LogsConfig;
import dev.aigateway.metrics.LogMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Writes request logs to PostgreSQL without ever touching the request path: requests hand an immutable
 * {@link LogEvent} to a bounded queue ({@link #offer} never blocks, {@link LogQueue}); this writer drains it in batches
 * (size or time), turns them into rows on a worker thread ({@link LogRows}) and writes each batch in one transaction
 * ({@link LogBatchStore}), once the schema is ready ({@link LogSchema}). While PostgreSQL is down or slow, events wait
 * in the queue and the failed batch is written again once it answers; shutdown flushes the queue. A batch PostgreSQL
 * refuses for its data (SQLSTATE 22xxx/23xxx, which no retry cures) is written row by row and only the refused rows
 * are dropped and counted. All the batching state lives on one Vert.x context, on an event loop of its own that
 * serves no request ({@link WriterLoop}).
 */
@Singleton
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);

    private final LogsConfig settings;
    private final LogQueue queue;
    private final LogRows rows;
    private final LogBatchStore store;
    private final LogSchema schema;
    private final Vertx vertx;
    private final LogMetrics metrics;

    private WriterLoop loop;
    private Context context;
    private volatile boolean stopping;
    /** Completed once the queue is empty after shutdown began. */
    private volatile CompletableFuture<Void> drained;

    private volatile boolean failing;
    private boolean busy;
    private List<LogEvent> pending;
    private long retryAt;
    private long timer = -1;

    LogWriter(
            GatewayConfig config,
            LogRows rows,
            LogBatchStore store,
            LogSchema schema,
            Vertx vertx,
            LogMetrics metrics) {
        this.settings = config.logs();
        this.queue =
                new LogQueue(settings.queueCapacity(), settings.queueMaxBytes().asLongValue(), metrics);
        this.rows = rows;
        this.store = store;
        this.schema = schema;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        loop = WriterLoop.start(vertx); // its own thread: batches never hold up a request event loop
        context = loop.context();
        schema.start();
        context.runOnContext(
                v -> timer = vertx.setPeriodic(settings.flushInterval().toMillis(), id -> flush()));
    }

    /**
     * Hands an event to the writer; never blocks. Returns false (and counts it) when the queue is full. Beyond
     * {@code queue-max-bytes} of queued events, the event is queued without its bodies (counted).
     */
    public boolean offer(LogEvent event) {
        return queue.offer(event);
    }

    /** Events waiting, including a batch kept for another try. */
    public int queued() {
        List<LogEvent> kept = pending;
        return queue.size() + (kept == null ? 0 : kept.size());
    }

    /** Memory held by queued events, in bytes (approximate; tests). */
    public long queuedBytes() {
        return queue.bytes();
    }

    private void flush() {
        if (busy || !schema.ready() || System.currentTimeMillis() < retryAt) {
            return;
        }
        List<LogEvent> batch = pending;
        boolean again = batch != null;
        if (batch == null) {
            batch = queue.take(settings.batchSize(), settings.batchMaxBytes().asLongValue());
        }
        if (batch.isEmpty()) {
            return;
        }
        busy = true;
        List<LogEvent> events = batch;
        vertx.executeBlocking(
                        () -> {
                            long t0 = System.nanoTime();
                            List<LogRow> made = rows.rows(events);
                            metrics.logPhase("build", System.nanoTime() - t0);
                            return made;
                        },
                        false)
                .onComplete(built -> {
                    if (built.failed()) {
                        LOG.errorf(built.cause(), "Could not build %d log rows; dropped", events.size());
                        metrics.logRowsDropped("invalid", events.size());
                        done(events, null, true);
                        return;
                    }
                    long t0 = System.nanoTime();
                    store.write(context, built.result(), again)
                            .subscribe()
                            .with(
                                    count -> {
                                        metrics.logPhase("write", System.nanoTime() - t0);
                                        succeeded(count);
                                        done(events, null, true);
                                    },
                                    failure -> {
                                        if (SqlStates.isDataError(failure)) {
                                            // the same rows would be refused forever: find the ones at fault
                                            rowByRow(built.result(), events, 0, new RowByRow(failure));
                                        } else {
                                            failed(failure);
                                            done(events, events, false);
                                        }
                                    });
                });
    }

    private void succeeded(int count) {
        metrics.logBatch("ok", count);
        if (failing) {
            failing = false;
            LOG.infof("Request-log writes resumed (%d events queued)", queued());
        }
    }

    private void failed(Throwable failure) {
        metrics.logBatch("error", 0);
        if (!failing) {
            failing = true;
            LOG.warnf(
                    "Request-log writes failing (%s); events wait in the queue (%d now, at most %d) and are written"
                            + " when the database answers",
                    failure.getMessage(), queued(), settings.queueCapacity());
        }
    }

    /** What writing a refused batch row by row found so far. */
    private static final class RowByRow {
        final String batchReason;
        int written;
        int refused;
        String reason;

        RowByRow(Throwable batchFailure) {
            this.batchReason = SqlStates.reason(batchFailure);
        }
    }

    /**
     * A batch PostgreSQL refused for its data: each row in a transaction of its own, from {@code from} on; rows it
     * refuses are dropped and counted ({@code rejected}), one warning per batch. A failure of the database itself
     * meanwhile keeps the rest for later, as for any batch.
     */
    private void rowByRow(List<LogRow> built, List<LogEvent> events, int from, RowByRow run) {
        if (from == built.size()) {
            succeeded(run.written);
            if (run.refused > 0) {
                metrics.logRowsDropped("rejected", run.refused);
                LOG.warnf(
                        "PostgreSQL refused %d of %d request-log rows for their data; those were dropped, the others"
                                + " written: %s",
                        run.refused, built.size(), run.reason != null ? run.reason : run.batchReason);
            }
            done(events, null, true);
            return;
        }
        store.write(context, List.of(built.get(from)), true)
                .subscribe()
                .with(
                        count -> {
                            run.written += count;
                            rowByRow(built, events, from + 1, run);
                        },
                        failure -> {
                            if (SqlStates.isDataError(failure)) {
                                run.refused++;
                                if (run.reason == null) {
                                    run.reason = SqlStates.reason(failure);
                                }
                                rowByRow(built, events, from + 1, run);
                                return;
                            }
                            if (run.written > 0) {
                                succeeded(run.written);
                            }
                            if (run.refused > 0) {
                                metrics.logRowsDropped("rejected", run.refused);
                                LOG.warnf(
                                        "PostgreSQL refused %d request-log rows for their data; dropped: %s",
                                        run.refused, run.reason);
                            }
                            failed(failure);
                            done(events, new ArrayList<>(events.subList(from, events.size())), false);
                        });
    }

    /**
     * Back on the writer's context: keep a failed batch (or what is left of it) for later, or go on draining.
     *
     * @param batch the events this round took on
     * @param failedBatch those still to write (null: none)
     */
    private void done(List<LogEvent> batch, List<LogEvent> failedBatch, boolean ok) {
        context.runOnContext(v -> {
            queue.settle(batch, failedBatch);
            busy = false;
            pending = failedBatch;
            if (!ok) {
                retryAt = System.currentTimeMillis() + settings.retryDelay().toMillis();
            }
            if (stopping) {
                if (ok) {
                    drainOnStop();
                } else {
                    vertx.setTimer(settings.retryDelay().toMillis(), t -> {
                        retryAt = 0;
                        drainOnStop();
                    });
                }
            } else if (ok && queue.size() >= settings.batchSize()) {
                flush(); // a full batch is waiting: do not wait for the next tick
            }
            // otherwise the next tick writes what gathered meanwhile: few, large batches cost the database and
            // the writer far less per row than many small ones
        });
    }

    /**
     * Shutdown (on Quarkus' shutdown thread, never an event loop): stop the timer and write batch after batch until
     * the queue is empty, for up to {@code shutdown-flush-timeout}.
     */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        drained = finished;
        stopping = true;
        if (context == null) {
            return;
        }
        context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            retryAt = 0;
            drainOnStop();
        });
        if (schema.ready()) {
            try {
                finished.get(settings.shutdownFlushTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // reported below
            }
        }
        if (queued() > 0) {
            LOG.warnf("%d request-log rows were not written before shutdown", queued());
            metrics.logRowsDropped("shutdown", queued());
        }
        loop.stop();
    }

    /** While stopping, on the writer's context: the next batch, or the signal that nothing is left. */
    private void drainOnStop() {
        if (queued() == 0) {
            drained.complete(null);
        } else {
            flush(); // its completion (done) comes back here
        }
    }
}
