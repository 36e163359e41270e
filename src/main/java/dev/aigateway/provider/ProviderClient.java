package dev.aigateway.provider;

import dev.aigateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * The pooled HTTP client of one provider. Every upstream call of that provider goes through {@link #open}, which is
 * where per-provider policies (retry, circuit breaker) attach.
 */
public final class ProviderClient {

    private final Provider provider;
    private final HttpClient tls;
    private final HttpClient plain;

    ProviderClient(Vertx vertx, Provider provider, GatewayConfig.Upstream upstream) {
        this.provider = provider;
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(upstream.maxPoolSize())
                .setHttp2MaxSize(upstream.http2MaxPoolSize())
                .setMaxWaitQueueSize(upstream.maxWaitQueueSize());
        // HTTP/2 is negotiated over TLS with ALPN (falls back to HTTP/1.1); plain-text upstreams speak HTTP/1.1.
        this.tls = vertx.createHttpClient(
                options(upstream)
                        .setSsl(true)
                        .setUseAlpn(true)
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)),
                pool);
        this.plain = vertx.createHttpClient(options(upstream).setProtocolVersion(HttpVersion.HTTP_1_1), pool);
    }

    private HttpClientOptions options(GatewayConfig.Upstream upstream) {
        return new HttpClientOptions()
                .setName("provider-" + provider.slug())
                .setTcpNoDelay(true)
                .setKeepAlive(true)
                .setKeepAliveTimeout(
                        (int) Math.max(1, upstream.keepAliveTimeout().toSeconds()))
                .setConnectTimeout((int) upstream.connectTimeout().toMillis())
                .setIdleTimeout(0)
                .setDecompressionSupported(false)
                .setTryUseCompression(false)
                .setVerifyHost(true);
    }

    public Provider provider() {
        return provider;
    }

    /** Opens a request on a pooled connection to the URL's host; the caller writes the body and reads the response. */
    public Future<HttpClientRequest> open(RequestOptions options, UpstreamUrl url) {
        options.setSsl(url.ssl()).setHost(url.host()).setPort(url.port()).setURI(url.uri());
        return (url.ssl() ? tls : plain).request(options);
    }

    void close() {
        tls.close();
        plain.close();
    }
}
