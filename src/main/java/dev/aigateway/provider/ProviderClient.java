package dev.aigateway.provider;

import dev.aigateway.config.GatewayConfig;
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
    private final GatewayConfig.Upstream upstream;
    private final PoolOptions pool;
    private final ThreadLocal<HttpClient> tls = ThreadLocal.withInitial(this::newTlsClient);
    private final ThreadLocal<HttpClient> plain = ThreadLocal.withInitial(this::newPlainClient);
    private final List<HttpClient> created = new CopyOnWriteArrayList<>();

    ProviderClient(Vertx vertx, Provider provider, GatewayConfig.Upstream upstream) {
        this.provider = provider;
        this.vertx = vertx;
        this.upstream = upstream;
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

    private HttpClientOptions options(GatewayConfig.Upstream upstream) {
        return new HttpClientOptions()
                .setName("provider-" + provider.slug())
                .setTcpNoDelay(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout(
                        (int) Math.max(1, upstream.keepAliveTimeout().toSeconds()))
                .setConnectTimeout((int) upstream.connectTimeout().toMillis())
                // Closes a connection silent for this long, e.g. a stalled stream (pooled idle ones go sooner, below);
                // never before the provider's first-byte timeout, which governs the wait for a response head.
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, connectionIdleMillis(upstream, provider)))
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setDecompressionSupported(false)
                .setTryUseCompression(false)
                .setVerifyHost(true);
    }

    /** The connection idle timeout: the configured one, raised to the provider's first-byte timeout if shorter. */
    static long connectionIdleMillis(GatewayConfig.Upstream upstream, Provider provider) {
        return Math.max(
                1,
                Math.max(
                        upstream.idleTimeout().toMillis(),
                        provider.firstByteTimeout().toMillis()));
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
