package dev.aigateway.logs;

import dev.aigateway.metrics.LogMetrics;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Whether the writer's transactions succeed: each one counted ({@code gateway_log_batches_total}), and one log line when
 * writes start failing and one when they resume, not one per batch.
 */
final class WriteHealth {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);

    private final LogMetrics metrics;
    private final IntSupplier queued;
    private final String waiting;
    private volatile boolean failing;

    /**
     * @param queued events waiting in memory, for the log lines
     * @param waiting where events wait meanwhile, said when writes start failing
     */
    WriteHealth(LogMetrics metrics, IntSupplier queued, String waiting) {
        this.metrics = metrics;
        this.queued = queued;
        this.waiting = waiting;
    }

    /** A transaction committed {@code count} rows. */
    void written(int count) {
        metrics.logBatch("ok", count);
        if (failing) {
            failing = false;
            LOG.infof("Request-log writes resumed (%d events queued)", queued.getAsInt());
        }
    }

    /** A transaction failed for the database's sake (down, slow), not its data. */
    void failed(Throwable failure) {
        metrics.logBatch("error", 0);
        if (!failing) {
            failing = true;
            LOG.warnf(
                    "Request-log writes failing (%s); events wait in the queue (%d now%s) and are written when the"
                            + " database answers",
                    failure.getMessage(), queued.getAsInt(), waiting);
        }
    }
}
