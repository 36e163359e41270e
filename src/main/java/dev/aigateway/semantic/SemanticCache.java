package dev.aigateway.semantic;

import dev.aigateway.cache.CachedResponse;
import dev.aigateway.config.GatewayConfig;
import dev.aigateway.config.SemanticConfig;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.gateway.SemanticCacheSettings;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.provider.WireFormat;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.stream.BodyCapture;
import dev.aigateway.stream.ResponseScan;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * The semantic cache: near-duplicate chat prompts answered from stored responses. Tried only after an exact-cache
 * miss, only for gateways that enable it, only for text chat turns ({@link SemanticQuery}). A lookup runs on the
 * {@link Embedder}'s workers (read the body, embed the last user turn, search the partition's graph) — a full pool
 * skips it — then fetches the nearest entry's response from Redis when it is close enough; any failure is a miss.
 * Every replica keeps its own {@link SemanticIndex}, filled from the shared Redis stream ({@link SemanticStore}) at
 * start (the first use, or start-up when a configured gateway enables it) and kept current by polling it.
 */
@Singleton
public class SemanticCache {

    private static final Logger LOG = Logger.getLogger(SemanticCache.class);
    private static final int PAGE = 1000;
    private static final long SWEEP_MILLIS = 60_000;

    private final Embedder embedder;
    private final SemanticStore store;
    private final SemanticIndex index = new SemanticIndex();
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    private final SemanticConfig config;
    private final ToIntFunction<String> maxEntries;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Adds the other replicas' entries to the index (one page at a time: the poller waits for it). */
    private final ExecutorService indexer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "semantic-indexer");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean closed;
    private long lastSweep;
    private long fillStarted;
    private volatile long fillMillis = -1;

    @Inject
    public SemanticCache(
            Embedder embedder,
            RedisCalls redis,
            GatewayMetrics metrics,
            Vertx vertx,
            GatewayConfig config,
            GatewayRegistry gateways) {
        this(embedder, redis, metrics, vertx, config.semantic(), gateway -> gateways.find(gateway)
                .map(g -> g.semanticCache().maxEntries())
                .orElse(SemanticCacheSettings.OFF.maxEntries()));
    }

    public SemanticCache(
            Embedder embedder,
            RedisCalls redis,
            GatewayMetrics metrics,
            Vertx vertx,
            SemanticConfig config,
            ToIntFunction<String> maxEntries) {
        this(embedder, redis, metrics, vertx, config, maxEntries, SemanticStore.STREAM);
    }

    /** With the Redis stream of its choice (the bench: a stream of its own). */
    SemanticCache(
            Embedder embedder,
            RedisCalls redis,
            GatewayMetrics metrics,
            Vertx vertx,
            SemanticConfig config,
            ToIntFunction<String> maxEntries,
            String stream) {
        this.embedder = embedder;
        this.store = new SemanticStore(redis, config.lookupTimeout(), stream);
        this.metrics = metrics;
        this.vertx = vertx;
        this.config = config;
        this.maxEntries = maxEntries;
    }

    void onStart(@Observes StartupEvent event, GatewayRegistry gateways) {
        boolean used = gateways.configured().values().stream()
                .anyMatch(g -> g.semanticCache().enabled());
        if (used) {
            start();
            if (config.preload()) {
                embedder.preload().onFailure(e -> LOG.warnf("Semantic cache: model not loaded: %s", e.toString()));
            }
        }
    }

    /** Whether a call uses the semantic cache: its gateway enables it and its format is a chat API. */
    public static boolean applies(GatewaySettings gateway, WireFormat format) {
        return gateway.semanticCache().enabled() && SemanticQuery.qualifies(format);
    }

    /** The lowest threshold a request may ask for. */
    public double minThreshold() {
        return config.minThreshold();
    }

    /** What the worker found: the query, its vector and the nearest entry (null when none). */
    private record Found(SemanticQuery query, float[] vector, PartitionIndex.Match match) {}

    /**
     * Looks a request up (never fails: a failure is {@link Probe#SKIPPED}).
     *
     * @param scope the request's exact scope ({@code CacheKey.scope}): gateway, provider, URL, headers, credential
     */
    public Future<Probe> lookup(
            GatewaySettings gateway, WireFormat format, Buffer body, byte[] scope, SemanticDirective directive) {
        start();
        String id = gateway.id();
        Future<Found> found = embedder.submit(() -> {
            SemanticQuery query = SemanticQuery.of(format, body, scope, config.maxTextChars());
            if (query == null) {
                return null;
            }
            float[] vector = embedder.embed(query.text());
            PartitionIndex.Match match = directive.skipLookup()
                    ? null
                    : index.nearest(query.partition(), vector, System.currentTimeMillis());
            return new Found(query, vector, match);
        });
        if (found == null) {
            metrics.semantic(id, "skipped_saturated");
            return Future.succeededFuture(Probe.SKIPPED);
        }
        return found.compose(f -> decide(gateway.id(), gateway.semanticCache(), directive, f))
                .recover(e -> {
                    metrics.semantic(id, "lookup_error");
                    LOG.debugf("Semantic lookup failed, treated as a miss: %s", e.toString());
                    return Future.succeededFuture(Probe.SKIPPED);
                });
    }

    private Future<Probe> decide(String gateway, SemanticCacheSettings settings, SemanticDirective directive, Found f) {
        if (f == null) {
            metrics.semantic(gateway, "not_qualified");
            return Future.succeededFuture(Probe.NOT_QUALIFIED);
        }
        PartitionIndex.Match match = f.match();
        if (match == null) {
            metrics.semantic(gateway, "miss");
            return Future.succeededFuture(Probe.miss(f.query(), f.vector(), Double.NaN));
        }
        double similarity = match.similarity();
        metrics.semanticSimilarity(gateway, similarity);
        if (similarity < directive.threshold()) {
            metrics.semantic(gateway, "miss");
            return Future.succeededFuture(Probe.miss(f.query(), f.vector(), similarity));
        }
        return store.response(gateway, match.entry().id).map(stored -> {
            if (stored == null) {
                index(() -> index.remove(match.entry())); // expired, purged or evicted in Redis
                metrics.semantic(gateway, "miss");
                return Probe.miss(f.query(), f.vector(), Double.NaN);
            }
            if (!SemanticGuard.compatible(f.query().text(), stored.text())) {
                metrics.semantic(gateway, "guarded");
                return Probe.miss(f.query(), f.vector(), similarity);
            }
            CachedResponse response = stored.response();
            index.touch(match.entry()); // least recently used goes first
            boolean shadow = settings.shadow();
            metrics.semantic(gateway, shadow ? "shadow_hit" : "hit");
            return new Probe(
                    shadow ? Probe.Kind.SHADOW_HIT : Probe.Kind.HIT, f.query(), f.vector(), response, similarity);
        });
    }

    /** What stores the provider's response under a missed query (see {@link SemanticRecorder}). */
    public SemanticRecorder recorder(
            GatewaySettings gateway, Probe probe, long maxBytes, ResponseScan scan, BodyCapture capture) {
        return new SemanticRecorder(this, gateway.id(), gateway.semanticCache(), probe, maxBytes, scan, capture);
    }

    /** Stores a response (in the background: the client has it already) and indexes it here at once. */
    void store(String gateway, SemanticCacheSettings settings, Probe probe, CachedResponse response) {
        if (!probe.stores()) {
            return;
        }
        String id = UUID.randomUUID().toString();
        long ttlMillis = settings.ttlSeconds() * 1000;
        SemanticQuery query = probe.query();
        store.store(gateway, query.partition(), id, probe.vector(), ttlMillis, query.text(), response.encode())
                .onSuccess(v -> {
                    metrics.semantic(gateway, "stored");
                    long now = System.currentTimeMillis();
                    index(() -> index.add(
                            gateway,
                            query.partition(),
                            id,
                            probe.vector(),
                            now + ttlMillis,
                            settings.maxEntries(),
                            now));
                })
                .onFailure(e -> {
                    metrics.semantic(gateway, "store_error");
                    LOG.debugf("Semantic store failed, dropped: %s", e.toString());
                });
    }

    void notStored(String gateway) {
        metrics.semantic(gateway, "not_stored");
    }

    /**
     * Starts reading the shared stream (once): every entry so far — the fill: pages of {@link #PAGE} entries, each
     * kept only when live and among its gateway's {@code max-entries} newest, no graph built until the end, then one
     * bulk build per large partition — then what the replicas add.
     */
    void start() {
        if (started.compareAndSet(false, true)) {
            fillStarted = System.nanoTime();
            index.filling(true);
            poll("0-0");
        }
    }

    /** Whether the start-up fill is over (every entry the stream held at start is indexed). */
    public boolean filled() {
        return fillMillis >= 0;
    }

    /** Milliseconds the start-up fill took (-1 while it runs). */
    public long fillMillis() {
        return fillMillis;
    }

    private void poll(String after) {
        if (closed) {
            return;
        }
        store.read(after, PAGE)
                .onFailure(e -> {
                    LOG.warnf("Semantic cache: the shared stream could not be read (retrying): %s", e.toString());
                    vertx.setTimer(config.pollInterval().toMillis() * 4, t -> poll(after));
                })
                .onSuccess(page -> index(() -> {
                    try {
                        addAll(page);
                    } catch (RuntimeException e) {
                        LOG.warnf("Semantic cache: entries not indexed: %s", e.toString());
                    }
                    if (closed) {
                        return;
                    }
                    if (fillMillis < 0 && page.entries().size() < PAGE) {
                        index.filling(false);
                        fillMillis = (System.nanoTime() - fillStarted) / 1_000_000;
                        LOG.infof("Semantic cache: %d entries indexed in %d ms", index.size(), fillMillis);
                    }
                    if (page.entries().size() >= PAGE) {
                        vertx.runOnContext(v -> poll(page.last()));
                    } else {
                        vertx.setTimer(Math.max(1, config.pollInterval().toMillis()), t -> poll(page.last()));
                    }
                }));
    }

    /** Runs on the indexer thread, unless this cache is closed. */
    private void index(Runnable task) {
        try {
            indexer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void addAll(SemanticStore.Page page) {
        long now = System.currentTimeMillis();
        for (SemanticStore.StreamEntry e : page.entries()) {
            if (e.own()) {
                continue; // indexed when stored here (and maybe evicted here since)
            }
            index.add(
                    e.gateway(),
                    e.partition(),
                    e.id(),
                    e.vector(),
                    e.expiresAt(),
                    maxEntries.applyAsInt(e.gateway()),
                    now);
        }
        if (now - lastSweep > SWEEP_MILLIS) {
            lastSweep = now;
            index.sweep(now);
        }
    }

    /** This replica's index (the bench). */
    SemanticIndex index() {
        return index;
    }

    /** Entries this replica's index holds (every gateway). */
    public int size() {
        return index.size();
    }

    /** Entries this replica's index holds for a gateway. */
    public int size(String gateway) {
        return index.size(gateway);
    }

    /** Entries ever added to this replica's index for a gateway (evicted ones included). */
    public long added(String gateway) {
        return index.added(gateway);
    }

    @PreDestroy
    void close() {
        closed = true;
        indexer.shutdownNow();
    }
}
