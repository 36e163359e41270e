package dev.aigateway.logs;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.usage.PriceCatalogue;
import dev.aigateway.usage.Usage;
import dev.aigateway.usage.UsageExtractor;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Writes request logs to PostgreSQL without ever touching the request path: requests hand an immutable
 * {@link LogEvent} to a bounded queue ({@link #offer} never blocks); this writer drains it in batches (size or time),
 * one transaction per batch. While PostgreSQL is down or slow, events wait in the queue (bounded: beyond it they are
 * dropped and counted) and the failed batch is written again once it answers; shutdown flushes the queue. The queue
 * is bounded in bytes too: beyond {@code queue-max-bytes} events are queued without their bodies. A batch PostgreSQL
 * refuses for its data (SQLSTATE 22xxx/23xxx, which no retry cures) is written row by row and only the refused rows
 * are dropped and counted. Usage of JSON responses, cost and redaction are worked out here, on a worker thread.
 */
@Singleton
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);
    /** Oldest rows deleted per gateway per batch at most (DELETE_OLDEST): short transactions, no long locks. */
    private static final int DELETE_CHUNK = 5000;

    private final GatewayConfig.Logs settings;
    private final ArrayBlockingQueue<LogEvent> queue;
    /** Rows per multi-row JDBC-style batch of one insert statement (a stateless session: no persistence context). */
    private static final int INSERT_BATCH = 100;

    private final Mutiny.SessionFactory sessions;
    private final Instance<Flyway> flyway;
    private final Instance<AgroalDataSource> jdbc;
    private final DatabaseBootstrap bootstrap;
    private final Vertx vertx;
    private final GatewayRegistry gateways;
    private final PriceCatalogue prices;
    private final GatewayMetrics metrics;
    private final AtomicLong written = new AtomicLong();
    /** Memory held by queued events (and the batch being written), see {@link LogEvent#bytes}. */
    private final AtomicLong queuedBytes = new AtomicLong();

    private final long maxQueueBytes;

    private Context context;
    private volatile boolean migrated;
    private volatile boolean stopping;
    /** Completed once the queue is empty after shutdown began. */
    private volatile CompletableFuture<Void> drained;

    private volatile boolean failing;
    private boolean busy;
    private List<LogEvent> pending;
    private long retryAt;
    private long timer = -1;

    public LogWriter(
            GatewayConfig config,
            Mutiny.SessionFactory sessions,
            Instance<Flyway> flyway,
            Instance<AgroalDataSource> jdbc,
            DatabaseBootstrap bootstrap,
            Vertx vertx,
            GatewayRegistry gateways,
            PriceCatalogue prices,
            GatewayMetrics metrics) {
        this.settings = config.logs();
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
        this.maxQueueBytes = settings.queueMaxBytes().asLongValue();
        this.sessions = sessions;
        this.flyway = flyway;
        this.jdbc = jdbc;
        this.bootstrap = bootstrap;
        this.vertx = vertx;
        this.gateways = gateways;
        this.prices = prices;
        this.metrics = metrics;
        metrics.logQueue(queue);
    }

    void start(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        if (settings.migrate()) {
            migrate();
        } else {
            migrated = true;
        }
        context.runOnContext(
                v -> timer = vertx.setPeriodic(settings.flushInterval().toMillis(), id -> flush()));
    }

    /** Migrations run on a worker thread and are retried until PostgreSQL answers; nothing is written before. */
    private void migrate() {
        vertx.executeBlocking(() -> {
                    try {
                        bootstrap.ensureDatabase();
                        flyway.get().migrate();
                    } catch (RuntimeException e) {
                        // A connection cut mid-migration can stay checked out of the (2-connection) JDBC pool for
                        // good, and every retry would then time out acquiring one: only Flyway uses this pool.
                        jdbc.get().flush(AgroalDataSource.FlushMode.ALL);
                        throw e;
                    }
                    return null;
                })
                .onSuccess(v -> {
                    migrated = true;
                    LOG.info("Request-log schema is up to date");
                })
                .onFailure(t -> {
                    LOG.warnf("Request-log schema migration failed (%s); retrying in 5 s", t.getMessage());
                    vertx.setTimer(5000, id -> migrate());
                });
    }

    /**
     * Hands an event to the writer; never blocks. Returns false (and counts it) when the queue is full. Beyond
     * {@code queue-max-bytes} of queued events, the event is queued without its bodies (counted).
     */
    public boolean offer(LogEvent event) {
        LogEvent e = event;
        long size = e.bytes();
        if (queuedBytes.addAndGet(size) > maxQueueBytes) {
            queuedBytes.addAndGet(-size);
            e = event.withoutBodies();
            size = e.bytes();
            if (size != event.bytes()) {
                metrics.logPayloadsDropped("queue_bytes", 1);
            }
            queuedBytes.addAndGet(size);
        }
        if (queue.offer(e)) {
            return true;
        }
        queuedBytes.addAndGet(-size);
        metrics.logRowsDropped("queue_full", 1);
        return false;
    }

    /** Rows written since start (tests, benchmarks). */
    public long written() {
        return written.get();
    }

    public int queued() {
        return queue.size() + (pending == null ? 0 : pending.size());
    }

    /** Memory held by queued events, in bytes (approximate; tests). */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void flush() {
        if (busy || !migrated || System.currentTimeMillis() < retryAt) {
            return;
        }
        List<LogEvent> batch = pending;
        boolean again = batch != null;
        if (batch == null) {
            batch = new ArrayList<>(Math.min(settings.batchSize(), queue.size()));
            queue.drainTo(batch, settings.batchSize());
        }
        if (batch.isEmpty()) {
            return;
        }
        busy = true;
        List<LogEvent> events = batch;
        vertx.executeBlocking(() -> rows(events), false).onComplete(built -> {
            if (built.failed()) {
                LOG.errorf(built.cause(), "Could not build %d log rows; dropped", events.size());
                metrics.logRowsDropped("invalid", events.size());
                done(events, null, true);
                return;
            }
            write(built.result(), again)
                    .subscribe()
                    .with(
                            count -> {
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
        written.addAndGet(count);
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
    private void rowByRow(List<Row> rows, List<LogEvent> events, int from, RowByRow run) {
        if (from == rows.size()) {
            succeeded(run.written);
            if (run.refused > 0) {
                metrics.logRowsDropped("rejected", run.refused);
                LOG.warnf(
                        "PostgreSQL refused %d of %d request-log rows for their data; those were dropped, the others"
                                + " written: %s",
                        run.refused, rows.size(), run.reason != null ? run.reason : run.batchReason);
            }
            done(events, null, true);
            return;
        }
        write(List.of(rows.get(from)), true)
                .subscribe()
                .with(
                        count -> {
                            run.written += count;
                            rowByRow(rows, events, from + 1, run);
                        },
                        failure -> {
                            if (SqlStates.isDataError(failure)) {
                                run.refused++;
                                if (run.reason == null) {
                                    run.reason = SqlStates.reason(failure);
                                }
                                rowByRow(rows, events, from + 1, run);
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
            queuedBytes.addAndGet(bytes(failedBatch) - bytes(batch));
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
            // this event loop (which also serves requests) far less per row than many small ones
        });
    }

    private static long bytes(List<LogEvent> events) {
        long n = 0;
        if (events != null) {
            for (LogEvent e : events) {
                n += e.bytes();
            }
        }
        return n;
    }

    /** A row (and maybe a payload) per event. */
    private List<Row> rows(List<LogEvent> events) {
        List<Row> rows = new ArrayList<>(events.size());
        for (LogEvent e : events) {
            rows.add(row(e));
        }
        return rows;
    }

    record Row(RequestLogEntity log, LogPayloadEntity payload) {}

    Row row(LogEvent e) {
        Usage usage = e.streamUsage();
        if (usage == null && e.responseBody() != null && !e.responseTruncated() && !e.cached()) {
            usage = UsageExtractor.extract(e.provider(), e.responseContentType(), e.responseBody());
        }
        String requestModel = e.requestModel() != null ? e.requestModel() : modelOf(e.requestBody());
        if (usage != null && usage.model() == null) {
            usage = usage.withModel(requestModel);
        }
        RequestLogEntity r = new RequestLogEntity();
        r.id = e.id();
        r.createdAt = e.createdAt();
        r.gatewayId = e.gatewayId();
        r.provider = e.provider();
        r.model = usage != null && usage.model() != null ? usage.model() : requestModel;
        r.path = e.path();
        r.requestType = e.requestType();
        r.statusCode = e.status();
        r.success = e.status() >= 200 && e.status() < 300 && !e.truncated();
        r.cached = e.cached();
        r.durationMs = e.durationMs();
        r.ttfbMs = e.ttfbMs();
        if (usage != null && !e.cached()) {
            r.tokensIn = usage.input();
            r.tokensOut = usage.output();
            r.cachedTokens = usage.cachedRead();
            r.cacheWriteTokens = usage.cacheWrite();
            r.reasoningTokens = usage.reasoning();
            r.usageRaw = usage.raw();
            BigDecimal cost = e.customCost() != null
                    ? e.customCost().cost(usage)
                    : prices.cost(e.provider(), usage, e.createdAt());
            r.cost = cost;
            r.customCost = e.customCost() != null;
            metrics.usage(e.gatewayId(), e.provider(), prices.modelLabel(e.provider(), r.model), usage, cost);
        } else if (e.cached()) {
            r.tokensIn = 0L; // a cache hit costs no provider tokens
            r.tokensOut = 0L;
            r.cost = BigDecimal.ZERO;
        }
        r.metadata = RowLimits.json(e.metadata());
        r.requestContentType = RowLimits.text(e.requestContentType(), 256);
        r.responseContentType = RowLimits.text(e.responseContentType(), 256);
        r.step = e.step();
        r.attempt = e.attempt();
        r.eventId = RowLimits.text(e.eventId(), 256);
        r.truncated = e.truncated();
        r.userAgent = RowLimits.text(e.userAgent(), 512);
        r.errorClass = RowLimits.text(e.errorClass(), 64);
        r.authenticated = e.authenticated();
        r.requestSize = e.requestSize();
        r.responseSize = e.responseSize();
        // Whatever the client sent, the row fits its columns (a refused row would be lost, see writeRowByRow).
        r.gatewayId = RowLimits.text(r.gatewayId, 64);
        r.provider = RowLimits.text(r.provider, 64);
        r.model = RowLimits.text(r.model, 256);
        r.path = RowLimits.text(r.path);
        r.requestType = RowLimits.text(r.requestType, 32);
        r.usageRaw = RowLimits.json(r.usageRaw);
        r.cost = RowLimits.cost(r.cost);
        LogPayloadEntity payload = null;
        if (e.storePayload() && (e.requestBody() != null || e.responseBody() != null)) {
            payload = new LogPayloadEntity();
            payload.logId = e.id();
            payload.requestBody =
                    redact(e.requestBody() == null ? null : e.requestBody().getBytes(), e.secrets());
            payload.responseBody =
                    redact(e.responseBody() == null ? null : e.responseBody().getBytes(), e.secrets());
            payload.requestTruncated = e.requestTruncated();
            payload.responseTruncated = e.responseTruncated();
            r.payloadStored = true;
        }
        return new Row(r, payload);
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /** The top-level {@code model} of a JSON request body, if it has one. */
    static String modelOf(io.vertx.core.buffer.Buffer body) {
        if (body == null || body.length() == 0 || body.getByte(0) != '{') {
            return null;
        }
        try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(body.getBytes())) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if ("model".equals(field) && value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Credentials never reach storage, even when a client put one in a body. */
    static byte[] redact(byte[] body, List<String> secrets) {
        if (body == null || secrets.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        boolean changed = false;
        for (String secret : secrets) {
            if (text.contains(secret)) {
                text = text.replace(secret, "[REDACTED]");
                changed = true;
            }
        }
        return changed ? text.getBytes(StandardCharsets.UTF_8) : body;
    }

    /** One transaction: retention per gateway, the rows, their payloads, the per-gateway counters. */
    private Uni<Integer> write(List<Row> rows, boolean again) {
        Map<String, List<Row>> byGateway = new LinkedHashMap<>();
        rows.forEach(r -> byGateway
                .computeIfAbsent(r.log().gatewayId, g -> new ArrayList<>())
                .add(r));
        Context dup = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(dup, true);
        return Uni.createFrom()
                .<Integer>emitter(emitter -> dup.runOnContext(v -> sessions.withStatelessTransaction(session -> {
                            Uni<Integer> chain = Uni.createFrom().item(0);
                            for (Map.Entry<String, List<Row>> g : byGateway.entrySet()) {
                                chain = chain.chain(total -> (again
                                                ? notYetWritten(session, g.getValue())
                                                : Uni.createFrom().item(g.getValue()))
                                        .chain(fresh -> writeGateway(session, g.getKey(), fresh))
                                        .map(n -> total + n));
                            }
                            return chain;
                        })
                        .subscribe()
                        .with(emitter::complete, emitter::fail)));
    }

    private Uni<Integer> writeGateway(Mutiny.StatelessSession session, String gatewayId, List<Row> rows) {
        GatewaySettings gw = gateways.find(gatewayId).orElse(null);
        long limit = gw == null || gw.logManagement().isEmpty()
                ? -1
                : gw.logManagement().getAsLong();
        boolean stopInserting = gw != null
                && gw.logManagementStrategy()
                        .map("STOP_INSERTING"::equalsIgnoreCase)
                        .orElse(false);
        return session.createNativeQuery("INSERT INTO gateway_log_counts (gateway_id, row_count) VALUES (?1, 0) "
                        + "ON CONFLICT (gateway_id) DO NOTHING")
                .setParameter(1, gatewayId)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(
                                "SELECT row_count FROM gateway_log_counts WHERE gateway_id = ?1 FOR UPDATE", Long.class)
                        .setParameter(1, gatewayId)
                        .getSingleResult())
                .chain(count -> {
                    List<Row> keep = rows;
                    if (limit >= 0 && stopInserting) {
                        long room = Math.max(0, limit - count);
                        if (room < rows.size()) {
                            keep = rows.subList(0, (int) room);
                            metrics.logRowsDropped("retention", rows.size() - keep.size());
                        }
                    }
                    List<Object> entities = new ArrayList<>(keep.size() * 2);
                    keep.forEach(r -> entities.add(r.log()));
                    keep.forEach(r -> {
                        if (r.payload() != null) {
                            entities.add(r.payload());
                        }
                    });
                    int inserted = keep.size();
                    long after = count + inserted;
                    long excess = limit >= 0 && !stopInserting ? Math.min(DELETE_CHUNK, after - limit) : 0;
                    Uni<Void> persist = entities.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : session.insertAll(INSERT_BATCH, entities.toArray());
                    return persist.chain(() -> excess > 0
                                    ? deleteOldest(session, gatewayId, excess)
                                    : Uni.createFrom().item(0))
                            .chain(deleted -> session.createNativeQuery(
                                            "UPDATE gateway_log_counts SET row_count = row_count + ?2 WHERE gateway_id = ?1")
                                    .setParameter(1, gatewayId)
                                    .setParameter(2, (long) inserted - deleted)
                                    .executeUpdate()
                                    .map(x -> inserted));
                });
    }

    /** Of a batch written again, the rows its earlier (seemingly failed) transaction did not commit. */
    private static Uni<List<Row>> notYetWritten(Mutiny.StatelessSession session, List<Row> rows) {
        List<UUID> ids = rows.stream().map(r -> r.log().id).toList();
        return session.createSelectionQuery("select r.id from RequestLogEntity r where r.id in :ids", UUID.class)
                .setParameter("ids", ids)
                .getResultList()
                .map(existing -> {
                    if (existing.isEmpty()) {
                        return rows;
                    }
                    java.util.Set<UUID> there = new java.util.HashSet<>(existing);
                    return rows.stream()
                            .filter(r -> !there.contains(r.log().id))
                            .toList();
                });
    }

    /** Deletes a gateway's oldest rows through the (gateway, time) index: a bounded chunk, never a table scan. */
    private static Uni<Integer> deleteOldest(Mutiny.StatelessSession session, String gatewayId, long n) {
        return session.createNativeQuery("DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs "
                        + "WHERE gateway_id = ?1 ORDER BY created_at, id LIMIT ?2)")
                .setParameter(1, gatewayId)
                .setParameter(2, n)
                .executeUpdate();
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
        if (migrated) {
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
    }

    /** While stopping, on the writer's context: the next batch, or the signal that nothing is left. */
    private void drainOnStop() {
        if (queued() == 0) {
            drained.complete(null);
        } else {
            flush(); // its completion (done) comes back here
        }
    }

    /** The id is a log id the client saw; rows for Universal steps that fell back have their own. */
    static UUID id(String value) {
        return UUID.fromString(value);
    }
}
