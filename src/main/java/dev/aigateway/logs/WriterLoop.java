package dev.aigateway.logs;

import io.netty.channel.DefaultEventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The log writer's own event loop: one thread that serves no request. Hibernate Reactive runs only on a Vert.x
 * event-loop context, and before this the writer took one of the event loops that also serve requests, so each
 * batch (building statements and binding a few hundred rows) held requests queued behind it on that loop. This is a
 * Vert.x context on a dedicated Netty event loop whose thread is a Vert.x event-loop thread (what Hibernate Reactive
 * and Quarkus check for); the pool's connections keep their own event loops for their socket I/O. Where the Vert.x
 * instance is not the standard implementation, it falls back to an ordinary event-loop context (the old behaviour).
 */
final class WriterLoop {

    private static final Logger LOG = Logger.getLogger(WriterLoop.class);
    private static final String THREAD_NAME = "aigateway-log-writer";

    private final DefaultEventLoop loop;
    private final Context context;

    private WriterLoop(DefaultEventLoop loop, Context context) {
        this.loop = loop;
        this.context = context;
    }

    static WriterLoop start(Vertx vertx) {
        if (vertx instanceof VertxInternal) {
            try {
                ThreadFactory threads = runnable -> new VertxThread(runnable, THREAD_NAME, false, 2, TimeUnit.SECONDS);
                DefaultEventLoop loop = new DefaultEventLoop(threads);
                Context context = ((VertxInternal) vertx)
                        .createEventLoopContext(
                                loop, null, Thread.currentThread().getContextClassLoader());
                return new WriterLoop(loop, context);
            } catch (RuntimeException | LinkageError e) {
                LOG.warnf("The log writer shares a request event loop (no dedicated one: %s)", e.toString());
            }
        }
        return new WriterLoop(null, vertx.getOrCreateContext());
    }

    Context context() {
        return context;
    }

    /** After the writer's last batch. */
    void stop() {
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
