package dev.aigateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A sharded Redis behind one endpoint, as a gateway configured for a single Redis may meet it (a proxy in front of a
 * cluster): a {@code redis-server} of the test's own in cluster mode, one node holding every slot. It runs whatever a
 * single Redis runs, except a command whose keys are in different hash slots, which it refuses with
 * {@code CROSSSLOT}, as a cluster does.
 */
public class ShardedRedisServer implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process process;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            Path dir = Files.createTempDirectory("aigw-sharded-redis");
            process = new ProcessBuilder(
                            LocalRedisServer.binary(),
                            "--port",
                            Integer.toString(port),
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString(),
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            dir.resolve("nodes.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            awaitPort();
            try (TestRedis redis = new TestRedis(url())) {
                Object[] slots = new Object[16385];
                slots[0] = "ADDSLOTS";
                for (int i = 0; i < 16384; i++) {
                    slots[i + 1] = i;
                }
                redis.send(Command.CLUSTER, slots);
                long deadline = System.currentTimeMillis() + 10_000;
                while (!redis.send(Command.CLUSTER, "INFO").toString().contains("cluster_state:ok")) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the one-node cluster did not come up");
                    }
                    Thread.sleep(50);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.redis.hosts", url());
    }

    private static void awaitPort() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    public static String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
