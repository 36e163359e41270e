package dev.aigateway.semantic;

import dev.aigateway.config.GatewayConfig;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The semantic cache's workers: a fixed pool of threads (never an event loop) with a bounded queue, running the
 * embedding model (a quantised all-MiniLM-L6-v2, 384 dimensions, bundled in its Maven artifact, loaded once: at
 * start-up on a worker when configured gateways use the cache, else on first use) and the index searches. A task that
 * finds the queue full is not run: its future holds null and the request skips the semantic lookup.
 */
@Singleton
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class);

    /** Dimensions of the model's vectors. */
    public static final int DIMENSIONS = 384;

    private final ThreadPoolExecutor pool;
    private volatile EmbeddingModel model;
    private volatile long loadMillis = -1;

    @jakarta.inject.Inject
    public Embedder(GatewayConfig config) {
        this(config.semantic().workers(), config.semantic().queue());
    }

    /** For tests: a pool of its own size. */
    public Embedder(int workers, int queue) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                Math.max(1, workers),
                Math.max(1, workers),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)),
                r -> {
                    Thread t = new Thread(r, "semantic-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code task} on a worker; the future completes on the caller's Vert.x context (when it has one). Null when
     * the pool is saturated (the task is not run).
     */
    public <T> Future<T> submit(Callable<T> task) {
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        try {
            pool.execute(() -> {
                T result;
                try {
                    result = task.call();
                } catch (Throwable e) {
                    complete(context, () -> promise.fail(e));
                    return;
                }
                complete(context, () -> promise.complete(result));
            });
        } catch (RejectedExecutionException e) {
            return null;
        }
        return promise.future();
    }

    private static void complete(Context context, Runnable action) {
        if (context != null) {
            context.runOnContext(v -> action.run());
        } else {
            action.run();
        }
    }

    /** Loads the model on a worker thread now (idempotent); the future holds the load time in milliseconds. */
    public Future<Long> preload() {
        Future<Long> f = submit(() -> {
            model();
            return loadMillis;
        });
        return f == null ? Future.failedFuture(new RejectedExecutionException("semantic pool saturated")) : f;
    }

    /** The unit-length embedding of {@code text}. Call on a worker thread (it blocks for milliseconds). */
    public float[] embed(String text) {
        float[] v = model().embed(text).content().vector();
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = v[i] * inv;
        }
        return unit;
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    long start = System.nanoTime();
                    m = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
                    loadMillis = (System.nanoTime() - start) / 1_000_000;
                    LOG.infof("Semantic cache: embedding model loaded in %d ms", loadMillis);
                    model = m;
                }
            }
        }
        return m;
    }

    /** Milliseconds the model took to load; -1 before it is loaded. */
    public long loadMillis() {
        return loadMillis;
    }

    /** Tasks waiting for a worker. */
    public int queued() {
        return pool.getQueue().size();
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
