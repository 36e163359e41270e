package dev.aigateway.logs;

import dev.aigateway.metrics.LogMetrics;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes one batch of rows in one transaction with Hibernate Reactive (a stateless session: no persistence context),
 * gateway by gateway: its row limit ({@link LogRetention}), its rows and their payloads as one insert each from column
 * arrays ({@link LogBulkInsert}, the reactive client on this transaction's connection), their
 * per-minute analytics rollups ({@link LogRollups}), its row counter. A batch written again after a failure skips the rows its earlier transaction did commit after all.
 *
 * <p>Lock order: gateways go in the order of their ids, whatever the order their rows came in, and each gateway's
 * counter row ({@code gateway_log_counts}) is locked before anything else of it is written (its rollup rows, in key
 * order, and its oldest rows when retention deletes them). Two writers (replicas) whose batches hold the same gateways
 * thus lock their rows in the same order and wait for each other instead of deadlocking (SQLSTATE 40P01, a batch
 * wasted); the Logs API's delete locks the counter first too ({@link LogRepository#delete}).
 */
@Singleton
class LogBatchStore {

    private final Mutiny.SessionFactory sessions;
    private final LogRetention retention;
    private final LogMetrics metrics;

    LogBatchStore(Mutiny.SessionFactory sessions, LogRetention retention, LogMetrics metrics) {
        this.sessions = sessions;
        this.retention = retention;
        this.metrics = metrics;
    }

    /**
     * The rows written, in one transaction run on a duplicate of {@code context} (the writer's).
     *
     * @param again the batch failed before: its rows may already be there
     */
    Uni<Integer> write(Context context, List<LogRow> rows, boolean again) {
        // by gateway id, not arrival: every writer locks the gateways' counter rows in one order
        Map<String, List<LogRow>> byGateway = new TreeMap<>();
        rows.forEach(r -> byGateway
                .computeIfAbsent(r.log().gatewayId, g -> new ArrayList<>())
                .add(r));
        Context dup = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(dup, true);
        return Uni.createFrom()
                .<Integer>emitter(emitter -> dup.runOnContext(v -> sessions.withStatelessTransaction(session -> {
                            Uni<Integer> chain = Uni.createFrom().item(0);
                            for (Map.Entry<String, List<LogRow>> g : byGateway.entrySet()) {
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

    private Uni<Integer> writeGateway(Mutiny.StatelessSession session, String gatewayId, List<LogRow> rows) {
        return LogRetention.lockCount(session, gatewayId).chain(count -> {
            LogRetention.Plan plan = retention.plan(gatewayId, count, rows.size());
            if (plan.keep() < rows.size()) {
                metrics.logRowsDropped("retention", rows.size() - plan.keep());
            }
            List<LogRow> keep = rows.subList(0, plan.keep());
            int inserted = keep.size();
            long t0 = System.nanoTime();
            long[] t1 = new long[1];
            return LogBulkInsert.insert(session, keep)
                    .invoke(() -> {
                        t1[0] = System.nanoTime();
                        metrics.logPhase("insert", t1[0] - t0);
                    })
                    .chain(() -> LogRollups.add(
                            session, gatewayId, keep.stream().map(LogRow::log).toList()))
                    .invoke(() -> metrics.logPhase("rollups", System.nanoTime() - t1[0]))
                    .chain(() -> LogRetention.deleteOldest(session, gatewayId, plan.deleteOldest()))
                    .chain(deleted -> LogRetention.addToCount(session, gatewayId, (long) inserted - deleted))
                    .map(x -> inserted);
        });
    }

    /** Of a batch written again, the rows its earlier (seemingly failed) transaction did not commit. */
    private static Uni<List<LogRow>> notYetWritten(Mutiny.StatelessSession session, List<LogRow> rows) {
        List<UUID> ids = rows.stream().map(r -> r.log().id).toList();
        return session.createSelectionQuery("select r.id from RequestLogEntity r where r.id in :ids", UUID.class)
                .setParameter("ids", ids)
                .getResultList()
                .map(existing -> {
                    if (existing.isEmpty()) {
                        return rows;
                    }
                    Set<UUID> there = new HashSet<>(existing);
                    return rows.stream()
                            .filter(r -> !there.contains(r.log().id))
                            .toList();
                });
    }
}
