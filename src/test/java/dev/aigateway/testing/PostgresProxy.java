package dev.aigateway.testing;

import dev.aigateway.embedded.ServiceAddress;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of the tests' PostgreSQL ({@link LocalServices}) that a test can cut (every connection dropped, new ones refused) and
 * restore: PostgreSQL becomes unreachable for the gateway exactly as when the database goes down, without stopping the
 * shared server other tests use.
 */
public class PostgresProxy implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static NetServer server;
    private static final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private static volatile boolean down;

    @Override
    public Map<String, String> start() {
        ServiceAddress postgres = LocalServices.postgres();
        vertx = Vertx.vertx();
        NetClient client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(in -> {
            if (down) {
                in.close();
                return;
            }
            in.pause();
            client.connect(postgres.port(), postgres.host()).onComplete(ar -> {
                if (ar.failed() || down) {
                    in.close();
                    return;
                }
                NetSocket out = ar.result();
                open.add(in);
                open.add(out);
                in.closeHandler(v -> {
                    open.remove(in);
                    out.close();
                });
                out.closeHandler(v -> {
                    open.remove(out);
                    in.close();
                });
                in.pipeTo(out);
                out.pipeTo(in);
                in.resume();
            });
        });
        try {
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int port = server.actualPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + LocalServices.DATABASE,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + LocalServices.DATABASE);
    }

    @Override
    public void stop() {
        vertx.close();
    }

    /** PostgreSQL goes away: open connections are dropped, new ones refused. */
    public static void cut() {
        down = true;
        open.forEach(NetSocket::close);
    }

    public static void restore() {
        down = false;
    }
}
