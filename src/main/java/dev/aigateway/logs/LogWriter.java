package dev.aigateway.logs;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.config.LogsConfig;
import dev.aigateway.metrics.LogMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Writes request logs to PostgreSQL without ever touching the request path: requests hand an immutable
 * {@link LogEvent} to a bounded queue ({@link #offer} never blocks, {@link LogQueue}); this writer drains it in batches
 * (size or time), turns them into rows on a worker thread ({@link LogRows}) and writes each batch in one transaction
 * ({@link LogBatchStore}), once the schema is ready ({@link LogSchema}). While PostgreSQL is down or slow, events wait
 * in the queue and the failed batch is written again once it answers; shutdown flushes the queue. A batch PostgreSQL
 * refuses for its data (SQLSTATE 22xxx/23xxx, which no retry cures) is written row by row and only the refused rows
 * are dropped and counted. When more events wait than {@code spool-above} (a load above what PostgreSQL takes in, or
 * PostgreSQL down), batches are built and spilled to local disk instead ({@link LogSpool}) and written from there,
 * oldest first, once the queue is low again, so the backlog holds neither the heap nor the row count hostage. All the
 * batching state lives on one Vert.x context, on an event loop of its own that serves no request ({@link WriterLoop}).
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
    private SpoolTasks spool;

    private WriterLoop loop;
    private Context context;
    private volatile boolean stopping;
    /** Completed once the queue is empty after shutdown began. */
    private volatile CompletableFuture<Void> drained;

    private WriteHealth health;
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
        LogSpool files = settings.spool()
                ? LogSpool.open(
                        Path.of(settings.spoolDir()), settings.spoolMaxBytes().asLongValue())
                : LogSpool.disabled();
        spool = new SpoolTasks(files, rows, metrics, vertx);
        health = new WriteHealth(
                metrics,
                this::queued,
                ", at most " + settings.queueCapacity()
                        + (files.enabled() ? ", beyond " + settings.spoolAbove() + " on disk" : ""));
        metrics.logSpool(files::rows, files::bytes);
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

    /** Events waiting in memory, including a batch kept for another try. */
    public int queued() {
        List<LogEvent> kept = pending;
        return queue.size() + (kept == null ? 0 : kept.size());
    }

    /** Rows spilled to disk and not yet written. */
    public long spooled() {
        return spool == null ? 0 : spool.rows();
    }

    /** Memory held by queued events, in bytes (approximate; tests). */
    public long queuedBytes() {
        return queue.bytes();
    }

    private void flush() {
        if (busy) {
            return;
        }
        if (!stopping && spool.accepts() && queued() > settings.spoolAbove()) {
            spill(); // whether or not PostgreSQL answers: the backlog goes to disk, not the heap
            return;
        }
        if (!schema.ready() || System.currentTimeMillis() < retryAt) {
            return;
        }
        LogSpool.Segment spooled = spool.oldest();
        if (pending == null && spooled != null && queue.size() < settings.batchSize()) {
            writeSpooled(spooled);
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
                    writeRows(
                            built.result(),
                            again,
                            from -> done(
                                    events,
                                    from < 0 ? null : new ArrayList<>(events.subList(from, events.size())),
                                    from < 0));
                });
    }

    /**
     * Writes built rows in one transaction; a batch PostgreSQL refuses for its data (no retry cures that) row by row
     * instead ({@link RowByRowWrite}).
     *
     * @param finish called once: -1 when every row was written (or refused for its data), else the index of the first
     *     row still to write after the database failed
     */
    private void writeRows(List<LogRow> built, boolean again, IntConsumer finish) {
        long t0 = System.nanoTime();
        store.write(context, built, again)
                .subscribe()
                .with(
                        count -> {
                            metrics.logPhase("write", System.nanoTime() - t0);
                            health.written(count);
                            finish.accept(-1);
                        },
                        failure -> {
                            if (SqlStates.isDataError(failure)) {
                                new RowByRowWrite(store, context, metrics, health, built, failure, finish).next(0);
                            } else {
                                health.failed(failure);
                                finish.accept(0);
                            }
                        });
    }

    /**
     * A batch (a failed one kept for another try first, else from the queue) built and kept on disk, when the queue
     * runs high; kept in memory if the spool refuses it.
     */
    private void spill() {
        busy = true;
        boolean again = pending != null;
        List<LogEvent> events = again
                ? pending
                : queue.take(settings.batchSize(), settings.batchMaxBytes().asLongValue());
        pending = null;
        spool.spill(events, again).onComplete(spilled -> done(events, spilled.result() ? null : events, true));
    }

    /** The oldest spooled batch to PostgreSQL; its file goes once written (a failure keeps it for later). */
    private void writeSpooled(LogSpool.Segment segment) {
        busy = true;
        spool.read(segment).onComplete(read -> {
            if (read.result() == null) { // set aside, said and counted
                spoolDone(segment, true);
            } else {
                writeRows(read.result(), segment.again, from -> spoolDone(segment, from < 0));
            }
        });
    }

    /** After a spooled batch: its file deleted when written, else kept for another try (its rows checked then). */
    private void spoolDone(LogSpool.Segment segment, boolean written) {
        segment.again |= !written;
        Future<Void> deleted = written ? spool.delete(segment) : Future.succeededFuture();
        deleted.onComplete(d -> context.runOnContext(v -> {
            busy = false;
            if (!written) {
                retryAt = System.currentTimeMillis() + settings.retryDelay().toMillis();
            } else if (!stopping) {
                flush();
            }
        }));
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
        if (stopping) {
            return; // stopped already
        }
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
        if (queued() > 0 && spool.accepts()) {
            spillOnStop();
        }
        if (queued() > 0) {
            LOG.warnf("%d request-log rows were not written before shutdown", queued());
            metrics.logRowsDropped("shutdown", queued());
        }
        loop.stop();
    }

    /**
     * Shutdown ran out of time (or PostgreSQL is down): the events still queued, and a failed batch not being written
     * again right now, are built and spilled to the spool on this (shutdown) thread, to be written at the next start.
     */
    private void spillOnStop() {
        CompletableFuture<List<LogEvent>> taken = new CompletableFuture<>();
        context.runOnContext(v -> {
            List<LogEvent> left = new ArrayList<>(busy || pending == null ? List.of() : pending);
            pending = busy ? pending : null;
            left.addAll(queue.take(Integer.MAX_VALUE, Long.MAX_VALUE));
            taken.complete(left);
        });
        try {
            spool.keepAtShutdown(taken.get(2, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Could not take the request-log rows left at shutdown: %s", e.toString());
        }
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
