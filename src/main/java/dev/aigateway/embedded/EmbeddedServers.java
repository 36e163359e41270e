package dev.aigateway.embedded;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded Redis and PostgreSQL, one of each per JVM. Tests restart Quarkus many times in one JVM, each time in a
 * new class loader, and dev mode does on every reload: the running servers are recorded in system properties (shared
 * by every class loader) and reused while they answer; their processes stop when the JVM does.
 */
public final class EmbeddedServers implements EmbeddedLauncher {

    /**
     * A string literal is one object per JVM whatever the class loader, so every copy of this class locks the same
     * monitor: two Quarkus applications starting at once still start one server of each kind.
     */
    private static final String LOCK = "dev.aigateway.embedded.EmbeddedServers.lock";

    static final String REDIS = "dev.aigateway.embedded.redis";
    static final String POSTGRES = "dev.aigateway.embedded.postgres";
    private static final String DATABASES = "dev.aigateway.embedded.postgres.databases";

    /** Binaries unpacked from the embedded libraries' jars, shared by every project and run of this user. */
    public static Path cacheDir() {
        return Path.of(
                System.getProperty("java.io.tmpdir"), "aigateway-embedded-" + System.getProperty("user.name", "user"));
    }

    @Override
    public ServiceAddress redis(Path dataDir) throws Exception {
        synchronized (LOCK) {
            Optional<ServiceAddress> running = running(REDIS);
            if (running.isPresent()) {
                return running.get();
            }
            ServiceAddress started = EmbeddedRedis.start(dataDir.resolve("redis"), cacheDir());
            System.setProperty(REDIS, started.toString());
            return started;
        }
    }

    @Override
    public ServiceAddress postgres(Path dataDir, String user, String database) throws Exception {
        synchronized (LOCK) {
            Optional<ServiceAddress> running = running(POSTGRES);
            ServiceAddress address;
            if (running.isPresent()) {
                address = running.get();
            } else {
                address = PostgresServer.start(dataDir, cacheDir());
                System.setProperty(POSTGRES, address.toString());
                System.clearProperty(DATABASES);
            }
            Set<String> made = new HashSet<>(
                    Arrays.asList(System.getProperty(DATABASES, "").split("\n")));
            String key = user + "\t" + database;
            if (!made.contains(key)) {
                PostgresServer.ensureDatabase(address, user, database);
                made.add(key);
                System.setProperty(DATABASES, String.join("\n", made));
            }
            return address;
        }
    }

    /** The embedded server of this kind already running in this JVM (and answering), if any. */
    public static Optional<ServiceAddress> running(String kind) {
        String recorded = System.getProperty(kind);
        if (recorded == null) {
            return Optional.empty();
        }
        int colon = recorded.lastIndexOf(':');
        ServiceAddress address =
                new ServiceAddress(recorded.substring(0, colon), Integer.parseInt(recorded.substring(colon + 1)));
        return address.answers() ? Optional.of(address) : Optional.empty();
    }
}
