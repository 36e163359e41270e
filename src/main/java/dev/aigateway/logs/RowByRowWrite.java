package dev.aigateway.logs;

import dev.aigateway.metrics.LogMetrics;
import io.vertx.core.Context;
import java.util.List;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * A batch PostgreSQL refused for its data (SQLSTATE 22xxx/23xxx, which no retry cures): each row in a transaction of
 * its own; rows it refuses are dropped and counted ({@code rejected}), one warning per batch. A failure of the database
 * itself meanwhile stops the run and leaves the rest for later, as for any batch.
 */
final class RowByRowWrite {

    private static final Logger LOG = Logger.getLogger(RowByRowWrite.class);

    private final LogBatchStore store;
    private final Context context;
    private final LogMetrics metrics;
    private final WriteHealth health;
    private final List<LogRow> built;
    private final String batchReason;
    private final IntConsumer finish;
    private int writtenRows;
    private int refused;
    private String reason;

    /**
     * @param health told the rows written once the run ends, or a failure of the database itself
     * @param finish called once, at the end: -1 when every row was written or refused, else the index of the first row
     *     still to write
     */
    RowByRowWrite(
            LogBatchStore store,
            Context context,
            LogMetrics metrics,
            WriteHealth health,
            List<LogRow> built,
            Throwable batchFailure,
            IntConsumer finish) {
        this.store = store;
        this.context = context;
        this.metrics = metrics;
        this.health = health;
        this.built = built;
        this.batchReason = SqlStates.reason(batchFailure);
        this.finish = finish;
    }

    /** Writes the rows from {@code from} on. */
    void next(int from) {
        if (from == built.size()) {
            health.written(writtenRows);
            if (refused > 0) {
                metrics.logRowsDropped("rejected", refused);
                LOG.warnf(
                        "PostgreSQL refused %d of %d request-log rows for their data; those were dropped, the others"
                                + " written: %s",
                        refused, built.size(), reason != null ? reason : batchReason);
            }
            finish.accept(-1);
            return;
        }
        store.write(context, List.of(built.get(from)), true)
                .subscribe()
                .with(
                        count -> {
                            writtenRows += count;
                            next(from + 1);
                        },
                        failure -> {
                            if (SqlStates.isDataError(failure)) {
                                refused++;
                                if (reason == null) {
                                    reason = SqlStates.reason(failure);
                                }
                                next(from + 1);
                                return;
                            }
                            if (writtenRows > 0) {
                                health.written(writtenRows);
                            }
                            if (refused > 0) {
                                metrics.logRowsDropped("rejected", refused);
                                LOG.warnf(
                                        "PostgreSQL refused %d request-log rows for their data; dropped: %s",
                                        refused, reason);
                            }
                            health.failed(failure);
                            finish.accept(from);
                        });
    }
}
