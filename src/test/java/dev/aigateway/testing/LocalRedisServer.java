package dev.aigateway.testing;

import dev.aigateway.embedded.EmbeddedRedis;
import dev.aigateway.embedded.EmbeddedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own on a free port, so a test can stop it: {@code redis-server} from the PATH, or the
 * binary of the embedded-redis library on a machine without one.
 */
public class LocalRedisServer implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process process;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startServer();
        return Map.of("quarkus.redis.hosts", url());
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static String url() {
        return "redis://127.0.0.1:" + port;
    }

    public static synchronized void startServer() {
        try {
            process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server did not start on port " + port);
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code redis-server} from the PATH, else the one the embedded-redis library ships. */
    static String binary() throws IOException {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return "redis-server";
            }
        }
        return EmbeddedRedis.binary(EmbeddedServers.cacheDir()).toString();
    }

    /** Stops the server and starts it again on the same port (empty): Redis back after a test took it away. */
    public static synchronized void restartServer() {
        stopServer();
        startServer();
    }

    public static synchronized void stopServer() {
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
