package dev.aigateway.logs;

import dev.aigateway.metrics.LogMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The writer's spool work on worker threads (file work blocks): spill a batch of events (built into rows, then
 * appended), read a spooled batch back, delete a written one; and, on the shutdown thread, keep what is left.
 * Failures are said and counted here; the futures never fail.
 */
final class SpoolTasks {

    private static final Logger LOG = Logger.getLogger(SpoolTasks.class);

    private final LogSpool spool;
    private final LogRows rows;
    private final LogMetrics metrics;
    private final Vertx vertx;

    SpoolTasks(LogSpool spool, LogRows rows, LogMetrics metrics, Vertx vertx) {
        this.spool = spool;
        this.rows = rows;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    boolean enabled() {
        return spool.enabled();
    }

    /** Room for another batch ({@link LogSpool#accepts}). */
    boolean accepts() {
        return spool.accepts();
    }

    /** The oldest spooled batch, or null. */
    LogSpool.Segment oldest() {
        return spool.oldest();
    }

    long rows() {
        return spool.rows();
    }

    /** True once the events are on disk; false (they stay in memory) when the spool refused them or failed. */
    Future<Boolean> spill(List<LogEvent> events, boolean again) {
        return vertx.executeBlocking(() -> spool.append(rows.rows(events), again), false)
                .map(spilled -> {
                    if (spilled) {
                        metrics.logRowsSpooled(events.size());
                    }
                    return spilled;
                })
                .otherwise(failure -> {
                    LOG.warnf(
                            "Could not spill %d request-log rows to disk (%s); they wait in memory",
                            events.size(), failure.toString());
                    return false;
                });
    }

    /** The batch's rows; null when its file could not be read (set aside, counted as dropped). */
    Future<List<LogRow>> read(LogSpool.Segment segment) {
        return vertx.executeBlocking(() -> spool.read(segment), false)
                .otherwise(failure -> null)
                .map(built -> {
                    if (built == null) {
                        metrics.logRowsDropped("spool_unreadable", segment.rows);
                    }
                    return built;
                });
    }

    /** The batch is written: its file goes (a failure to delete it is said; its rows are checked if read again). */
    Future<Void> delete(LogSpool.Segment segment) {
        return vertx.<Void>executeBlocking(
                        () -> {
                            spool.delete(segment);
                            return null;
                        },
                        false)
                .otherwise(failure -> {
                    segment.again = true;
                    LOG.warnf("Could not delete written spool file %s: %s", segment.file, failure.toString());
                    return null;
                });
    }

    /** Blocking, at shutdown: the events left kept on disk for the next start, else counted as dropped. */
    void keepAtShutdown(List<LogEvent> left) {
        if (left.isEmpty()) {
            return;
        }
        try {
            if (spool.append(rows.rows(left))) {
                metrics.logRowsSpooled(left.size());
                LOG.infof("%d request-log rows not written before shutdown were kept in the spool", left.size());
                return;
            }
            LOG.warnf("%d request-log rows were not written before shutdown (the spool is full)", left.size());
        } catch (Exception e) {
            LOG.warnf("%d request-log rows were not written before shutdown (spool: %s)", left.size(), e.toString());
        }
        metrics.logRowsDropped("shutdown", left.size());
    }
}
