import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The ceiling for a Java gateway on this box: a bare Vert.x reverse proxy with no features at all — one HTTP server
 * per event loop, a pooled keep-alive client, the request body and the response streamed through as they come, the
 * headers copied (hop-by-hop ones aside). The gateway runs on the same Vert.x and Netty, so the distance between this
 * row and the gateway's is what the gateway's own work costs, and the distance between this row and nginx's is what
 * the JVM and Vert.x cost.
 *
 * <p>Usage: {@code java BareProxy <port> <upstream port> [event-loops]} (event loops: twice the cores, as Quarkus).
 */
public final class BareProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        int loops = args.length > 2
                ? Integer.parseInt(args[2])
                : 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        for (int i = 0; i < loops; i++) {
            vertx.deployVerticle(
                    () -> new io.vertx.core.AbstractVerticle() {
                        @Override
                        public void start() {
                            HttpClient client = vertx.createHttpClient(
                                    new HttpClientOptions().setKeepAlive(true).setDefaultPort(upstream),
                                    new PoolOptions().setHttp1MaxSize(128));
                            vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                                    .requestHandler(req -> {
                                        req.pause();
                                        RequestOptions options = new RequestOptions()
                                                .setMethod(req.method())
                                                .setHost("127.0.0.1")
                                                .setPort(upstream)
                                                .setURI(req.uri());
                                        options.setHeaders(req.headers()
                                                .remove(HttpHeaders.CONNECTION)
                                                .remove(HttpHeaders.HOST));
                                        client.request(options)
                                                .compose(up -> up.send(req))
                                                .onSuccess(resp -> {
                                                    req.response().setStatusCode(resp.statusCode());
                                                    req.response()
                                                            .headers()
                                                            .addAll(resp.headers())
                                                            .remove(HttpHeaders.CONNECTION);
                                                    resp.pipeTo(req.response());
                                                })
                                                .onFailure(e -> req.response()
                                                        .setStatusCode(502)
                                                        .end());
                                    })
                                    .listen(port, "127.0.0.1");
                        }
                    },
                    new io.vertx.core.DeploymentOptions());
        }
        System.out.println("bare proxy on " + port + " -> " + upstream + ", " + loops + " event loops");
    }
}
