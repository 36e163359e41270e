package dev.aigateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/** A real {@code redis-server} (the binary {@code com.github.codemonstur:embedded-redis} ships) on a free port. */
public final class EmbeddedRedis {

    private EmbeddedRedis() {}

    /** Starts Redis with its working directory {@code dir} (no persistence: cache and counters are disposable). */
    static ServiceAddress start(Path dir, Path cacheDir) throws Exception {
        Path binary = binary(cacheDir);
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("redis.pid");
        ServerProcess.stopOrphan(pidFile, "redis-server");
        int port = PostgresServer.freePort();
        ServerProcess server = ServerProcess.start(
                "redis",
                List.of(
                        binary.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString()),
                dir.resolve("redis.log"),
                false,
                "TERM");
        Files.writeString(pidFile, server.pid() + "\n");
        ServiceAddress address = new ServiceAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                throw new IOException("redis-server exited at start-up; its output is in " + dir.resolve("redis.log"));
            }
            if (pong(address)) {
                return address;
            }
            Thread.sleep(50);
        }
        server.stop();
        throw new IOException("redis-server did not answer within 30 s on " + address);
    }

    /**
     * The {@code redis-server} binary for this OS and CPU, copied out of the embedded-redis jar into {@code cacheDir}
     * once (by rename, so a running server's executable is never rewritten).
     */
    public static Path binary(Path cacheDir) throws IOException {
        String resource = ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
        if (resource == null) {
            throw new IOException(
                    "embedded-redis ships no redis-server for " + OsArchitecture.detectOSandArchitecture());
        }
        Path binary = cacheDir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, "redis-server", ".tmp");
        try (InputStream in = RedisServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("embedded-redis jar without " + resource);
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return binary;
    }

    private static boolean pong(ServiceAddress address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.host(), address.port()), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int n = s.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
