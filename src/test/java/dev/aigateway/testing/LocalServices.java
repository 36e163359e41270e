package dev.aigateway.testing;

import dev.aigateway.embedded.EmbeddedServers;
import dev.aigateway.embedded.ServiceAddress;
import java.nio.file.Path;

/**
 * The Redis and PostgreSQL the tests share: the local ones ({@code 127.0.0.1:6379}, {@code :5432}, what the test
 * profile is configured with) when they answer, otherwise the embedded ones the gateway gets in the test profile too
 * (one of each per JVM, see {@code dev.aigateway.embedded}).
 */
public final class LocalServices {

    /** The database the tests and the gateway under test share ({@code -Dtest.database} picks another). */
    public static final String DATABASE = System.getProperty("test.database", "aigateway");

    private static final ServiceAddress LOCAL_REDIS = new ServiceAddress("127.0.0.1", 6379);
    private static final ServiceAddress LOCAL_POSTGRES = new ServiceAddress("127.0.0.1", 5432);

    private LocalServices() {}

    public static ServiceAddress redis() {
        if (LOCAL_REDIS.answers()) {
            return LOCAL_REDIS;
        }
        try {
            return new EmbeddedServers().redis(dataDir());
        } catch (Exception e) {
            throw new IllegalStateException("no Redis on " + LOCAL_REDIS + " and the embedded one did not start", e);
        }
    }

    public static String redisUrl() {
        return "redis://" + redis();
    }

    /** The PostgreSQL server, with the gateway's database {@value #DATABASE} created when it is the embedded one. */
    public static ServiceAddress postgres() {
        if (LOCAL_POSTGRES.answers()) {
            return LOCAL_POSTGRES;
        }
        try {
            return new EmbeddedServers().postgres(dataDir(), "postgres", DATABASE);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "no PostgreSQL on " + LOCAL_POSTGRES + " and the embedded one did not start", e);
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgres() + "/" + database;
    }

    /** Where the test profile's embedded servers keep their data (the gateway's default, relative to the module). */
    private static Path dataDir() {
        return Path.of("target", "embedded").toAbsolutePath().resolve("test");
    }
}
