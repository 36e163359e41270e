package dev.aigateway.edge;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.error.ErrorEnvelope;
import dev.aigateway.error.GatewayError;
import io.netty.channel.Channel;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The client's HTTP/1.1 connection below the router: a request head must arrive within
 * {@code gateway.request-header-timeout} (slow-header clients are closed with 408), an idle keep-alive connection is
 * closed after {@code gateway.keep-alive-timeout}, and a request whose body length is ambiguous ({@code Content-Length}
 * with {@code Transfer-Encoding}) is answered 400 and its connection closed, never proxied.
 *
 * <p>Vert.x 4 (and Quarkus) offer no hook into a connection before its first request is decoded, nor a decoder option
 * for either check, so once the HTTP server listens a handler is put into its listening channel ({@link AcceptHook});
 * the channel is found through Vert.x's internal server table (two fields read by reflection below: the listening
 * channel and the server's options, which the swapped-in decoder is built from). Should a
 * Vert.x upgrade move it, start-up says so in a warning and the gateway runs without these checks (the tests of this
 * package fail).
 */
@Singleton
public class ClientConnections {

    private static final Logger LOG = Logger.getLogger(ClientConnections.class);
    static final String AMBIGUOUS_LENGTH =
            "Request has Transfer-Encoding with Content-Length (or a transfer coding other than chunked):"
                    + " its length is ambiguous";
    private static final long LINGER_MILLIS = 5_000;

    private final Vertx vertx;
    private final long headerNanos;
    private final long idleNanos;

    public ClientConnections(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.headerNanos = config.requestHeaderTimeout().toNanos();
        this.idleNanos = config.keepAliveTimeout().toNanos();
    }

    /** Quarkus fires this once its services started (the HTTP server listens), before it declares itself started. */
    void startup(@Observes StartupEvent event) {
        install(false);
    }

    /** Quarkus also announces the listening server, asynchronously: a second chance (installing twice is a no-op). */
    void started(@ObservesAsync HttpServerStart event) {
        install(true);
    }

    /** First among the routes: a request marked by {@link StrictRequestDecoder} goes no further. */
    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ClientConnections::refuseAmbiguousLength);
    }

    private static void refuseAmbiguousLength(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!(request.decoderResult() instanceof FramingConflict)) {
            rc.next();
            return;
        }
        // The body, however framed, is read and dropped until the answer is out (closing with unread bytes would
        // reset the connection before the client reads its 400), then the connection is closed; at most 5 s.
        Vertx vertx = rc.vertx();
        long timer = vertx.setTimer(LINGER_MILLIS, t -> request.connection().close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        };
        request.handler(chunk -> {});
        request.exceptionHandler(e -> close.run());
        io.vertx.core.Future<Void> written = rc.response()
                .setStatusCode(GatewayError.BAD_REQUEST.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(ErrorEnvelope.render(GatewayError.BAD_REQUEST, AMBIGUOUS_LENGTH));
        if (request.isEnded()) {
            written.onComplete(done -> close.run());
        } else {
            request.endHandler(v -> written.onComplete(done -> close.run()));
            request.resume();
        }
    }

    private void install(boolean lastChance) {
        Map<Channel, HttpServerOptions> listening;
        try {
            listening = listeningChannels();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (lastChance) {
                LOG.warnf(
                        "Client connection checks not installed (%s): request heads are bounded only by"
                                + " quarkus.http.idle-timeout, and Content-Length with Transfer-Encoding is served as"
                                + " chunked",
                        e.toString());
            }
            return;
        }
        int installed = 0;
        for (Map.Entry<Channel, HttpServerOptions> server : listening.entrySet()) {
            Channel channel = server.getKey();
            synchronized (channel) {
                if (channel.pipeline().get(AcceptHook.NAME) == null) {
                    channel.pipeline()
                            .addFirst(AcceptHook.NAME, new AcceptHook(server.getValue(), headerNanos, idleNanos));
                    installed++;
                }
            }
        }
        if (installed > 0) {
            LOG.infof(
                    "Client connections: request head within %d ms, idle keep-alive closed after %d ms,"
                            + " Content-Length with Transfer-Encoding refused",
                    headerNanos / 1_000_000, idleNanos / 1_000_000);
        }
    }

    /** The listening channel of each HTTP server of this Vert.x instance, with the server's options. */
    private Map<Channel, HttpServerOptions> listeningChannels() throws ReflectiveOperationException {
        Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
        bound.setAccessible(true);
        Field options = HttpServerImpl.class.getDeclaredField("options");
        options.setAccessible(true);
        Map<Channel, HttpServerOptions> channels = new LinkedHashMap<>();
        for (HttpServerImpl server : ((VertxInternal) vertx).sharedHttpServers().values()) {
            Object future = bound.get(server);
            if (future instanceof io.vertx.core.Future<?> f && f.result() instanceof Channel channel) {
                channels.put(channel, (HttpServerOptions) options.get(server));
            }
        }
        if (channels.isEmpty()) {
            throw new IllegalStateException("no listening HTTP server found");
        }
        return channels;
    }
}
