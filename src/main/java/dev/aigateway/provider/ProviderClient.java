package dev.aigateway.provider;

import dev.aigateway.config.UpstreamConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pooled HTTP client of one provider. Every upstream call of that provider goes through {@link #open}, which is
 * where per-provider policies (retry, circuit breaker) attach.
 *
 * <p>Each event loop gets its own connection pools, so a request and its upstream connection run on the same thread
 * (no hand-off between event loops per chunk); pool limits therefore apply per event loop.
 */
public final class ProviderClient {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProviderClient.class);

    private final Provider provider;
    private final Vertx vertx;
    private final UpstreamConfig upstream;
    /** The connection idle timeout: a backstop that never fires before a request's first-byte timeout could. */
    private final java.time.Duration connectionIdle;

    private final PoolOptions pool;
    private final ThreadLocal<HttpClient> tls = ThreadLocal.withInitial(this::newTlsClient);
    private final ThreadLocal<HttpClient> plain = ThreadLocal.withInitial(this::newPlainClient);
    private final List<HttpClient> created = new CopyOnWriteArrayList<>();

    ProviderClient(Vertx vertx, Provider provider, UpstreamConfig upstream, java.time.Duration deadline) {
        this.provider = provider;
        this.vertx = vertx;
        this.upstream = upstream;
        // A first-byte wait may last as long as the provider's first-byte timeout, or a step's own request timeout
        // (bounded by the routing deadline): the connection must not be closed as idle before.
        this.connectionIdle = java.util.stream.Stream.of(upstream.idleTimeout(), provider.firstByteTimeout(), deadline)
                .max(java.time.Duration::compareTo)
                .orElseThrow();
        this.pool = new PoolOptions()
                .setHttp1MaxSize(upstream.maxPoolSize())
                .setHttp2MaxSize(upstream.http2MaxPoolSize())
                .setMaxWaitQueueSize(upstream.maxWaitQueueSize());
    }

    /** HTTP/2 is negotiated over TLS with ALPN, falling back to HTTP/1.1. */
    private HttpClient newTlsClient() {
        HttpClientOptions options = options(upstream)
                .setSsl(true)
                .setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
        if (!provider.trustCertificates().isEmpty()) {
            PemTrustOptions trust = new PemTrustOptions();
            provider.trustCertificates().forEach(trust::addCertPath);
            options.setTrustOptions(trust);
        }
        return track(options);
    }

    /** Plain-text upstreams (local models, test doubles) speak HTTP/1.1. */
    private HttpClient newPlainClient() {
        return track(options(upstream).setProtocolVersion(HttpVersion.HTTP_1_1));
    }

    private HttpClient track(HttpClientOptions options) {
        HttpClient client = vertx.httpClientBuilder()
                .with(options)
                .with(pool)
                .withConnectHandler(this::watch)
                .build();
        created.add(client);
        return client;
    }

    /**
     * A provider connection's own failures (a reset, a TLS error) are reported once, here at DEBUG with the provider
     * and address; the request using the connection reports them too (metrics, error event). Without this handler
     * Vert.x logs every reset at ERROR.
     */
    private void watch(HttpConnection connection) {
        connection.exceptionHandler(t -> LOG.debugf(
                "Connection to provider %s (%s) failed: %s",
                provider.slug(), connection.remoteAddress(), t.toString()));
    }

    private HttpClientOptions options(UpstreamConfig upstream) {
        return new HttpClientOptions()
                .setName("provider-" + provider.slug())
                .setTcpNoDelay(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout(
                        (int) Math.max(1, upstream.keepAliveTimeout().toSeconds()))
                .setConnectTimeout((int) upstream.connectTimeout().toMillis())
                // A backstop only: the wait for a response head has the request's first-byte timeout, silence
                // inside a response the exchange's own check (silenceLimit), pooled idle connections keepAlive.
                .setIdleTimeout((int) Math.max(1, connectionIdle.toSeconds() + 1))
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                .setDecompressionSupported(false)
                .setTryUseCompression(false)
                .setVerifyHost(true);
    }

    /** Time allowed to get a connection (pool wait, TCP connect, TLS handshake). */
    public long connectTimeoutMillis() {
        return upstream.connectTimeout().toMillis();
    }

    /** Longest silence allowed inside a provider's response once it has started. */
    public java.time.Duration silenceLimit() {
        return upstream.idleTimeout();
    }

    public Provider provider() {
        return provider;
    }

    /** Opens a request on a pooled connection to the URL's host; the caller writes the body and reads the response. */
    public Future<HttpClientRequest> open(RequestOptions options, UpstreamUrl url) {
        options.setSsl(url.ssl()).setHost(url.host()).setPort(url.port()).setURI(url.uri());
        return (url.ssl() ? tls : plain).get().request(options);
    }

    void close() {
        created.forEach(HttpClient::close);
    }
}
