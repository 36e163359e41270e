package dev.aigateway.proxy;

import dev.aigateway.usage.Usage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Where the usage of a large captured response is read: a small, bounded worker pool of its own, never an event loop
 * (parsing costs about 2–3 ms per MB of JSON and 20–30 ms per MB of event stream, so a 25 MB capture would block a
 * loop for up to a second). Small bodies are read inline, where that is cheaper than a thread hand-off.
 */
final class UsageWorkers {

    private static final Logger LOG = Logger.getLogger(UsageWorkers.class);

    /** Bodies up to this size are read inline (at most ~2 ms even for an event stream). */
    static final int INLINE_MAX_BYTES = 64 * 1024;

    static final String POOL_NAME = "aigateway-usage";
    private static final int THREADS = 2;
    /** Bodies waiting for (or in) the pool, in bytes; beyond it a response's usage is unknown (its estimate stays). */
    static final long MAX_PENDING_BYTES = 128L * 1024 * 1024;

    private static final AtomicLong PENDING = new AtomicLong();
    private static Vertx owner;
    private static WorkerExecutor executor;

    /** Test hook: told the size of each body whose usage is read, on the thread that reads it. */
    static volatile LongConsumer probe;

    private UsageWorkers() {}

    /**
     * Reads {@code bytes} worth of body with {@code read}: inline when small or off any Vert.x context, else on the
     * pool; the future completes on the caller's context. Fails when too many bytes already wait.
     */
    static Future<Usage> read(long bytes, Callable<Usage> read) {
        Context context = Vertx.currentContext();
        if (bytes <= INLINE_MAX_BYTES || context == null) {
            try {
                return Future.succeededFuture(probed(bytes, read));
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }
        if (PENDING.addAndGet(bytes) > MAX_PENDING_BYTES) {
            PENDING.addAndGet(-bytes);
            LOG.debugf(
                    "Usage of a %d-byte response not read: %d bytes already wait for the pool", bytes, PENDING.get());
            return Future.failedFuture("usage workers busy");
        }
        return executor(context.owner())
                .executeBlocking(() -> probed(bytes, read), false)
                .andThen(ar -> PENDING.addAndGet(-bytes));
    }

    private static Usage probed(long bytes, Callable<Usage> read) throws Exception {
        LongConsumer p = probe;
        if (p != null) {
            p.accept(bytes);
        }
        return read.call();
    }

    private static synchronized WorkerExecutor executor(Vertx vertx) {
        if (executor == null || owner != vertx) {
            owner = vertx;
            executor = vertx.createSharedWorkerExecutor(POOL_NAME, THREADS, 60, TimeUnit.SECONDS);
        }
        return executor;
    }
}
