package dev.aigateway.proxy;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Event streams being relayed right now. Streams still open when the graceful shutdown period ({@code
 * quarkus.shutdown.timeout}) is over end with the provider's error event, logged as cut by the shutdown, instead of a
 * connection reset that looks like the client went away.
 */
@Singleton
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class);
    /** How long the shutdown waits for the error events to be written. */
    private static final long CUT_WAIT_MILLIS = 2_000;

    private static final Set<Open> OPEN = ConcurrentHashMap.newKeySet();

    /** One open stream: its event loop and what ends it. */
    record Open(Context context, Runnable cut) {}

    static Open opened(Context context, Runnable cut) {
        Open open = new Open(context, cut);
        OPEN.add(open);
        return open;
    }

    static void closed(Open open) {
        if (open != null) {
            OPEN.remove(open);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        int cut = cutAll();
        if (cut > 0) {
            LOG.infof("Shutdown: ended %d open stream(s) with an error event", cut);
        }
    }

    /** Ends every open stream with its error event; waits (bounded) until they are written. */
    static int cutAll() {
        Set<Open> open = Set.copyOf(OPEN);
        CountDownLatch done = new CountDownLatch(open.size());
        for (Open o : open) {
            o.context().runOnContext(v -> {
                try {
                    o.cut().run();
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            done.await(CUT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return open.size();
    }
}
