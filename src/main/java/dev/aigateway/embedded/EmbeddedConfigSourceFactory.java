package dev.aigateway.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * In the {@code dev} and {@code test} profiles, points the gateway at an embedded Redis and PostgreSQL when the
 * configured ones do not answer at start-up (and, in {@code dev}, supplies an admin token when none is configured).
 * Runs while the configuration is built, before Quarkus reads the Redis and datasource URLs. Any other profile gets
 * nothing from here: no probe, no embedded class loaded, the configuration exactly as written.
 */
public class EmbeddedConfigSourceFactory implements ConfigSourceFactory {

    /** Above every other source (test profiles and resources included): these values replace addresses that are dead. */
    static final int ORDINAL = Integer.MAX_VALUE - 100;

    static final String ENABLED = "gateway.embedded.enabled";
    static final String DATA_DIR = "gateway.embedded.data-dir";
    static final String DEFAULT_DATA_DIR = "target/embedded";

    private static final Logger LOG = Logger.getLogger(EmbeddedConfigSourceFactory.class);

    private EmbeddedLauncher launcher;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> profile = context.getProfiles().stream()
                .filter(p -> p.equals("dev") || p.equals("test"))
                .findFirst();
        if (profile.isEmpty() || "false".equalsIgnoreCase(value(context, ENABLED, "true"))) {
            return List.of();
        }
        Path dataDir = Path.of(value(context, DATA_DIR, DEFAULT_DATA_DIR))
                .toAbsolutePath()
                .resolve(profile.get());
        Map<String, String> overrides = new HashMap<>();
        redis(context, dataDir, overrides);
        postgres(context, dataDir, overrides);
        if (profile.get().equals("dev")) {
            DevAdminToken.supply(context, dataDir, overrides);
        }
        return overrides.isEmpty()
                ? List.of()
                : List.of(new PropertiesConfigSource(overrides, "EmbeddedServices", ORDINAL));
    }

    private void redis(ConfigSourceContext context, Path dataDir, Map<String, String> overrides) {
        Optional<ServiceAddress> configured = ServiceAddress.ofRedis(value(context, "quarkus.redis.hosts", null));
        if (configured.isEmpty() || configured.get().answers()) {
            return;
        }
        try {
            ServiceAddress embedded = launcher().redis(dataDir);
            overrides.put("quarkus.redis.hosts", "redis://" + embedded);
            logOnce(
                    "redis",
                    "Redis at %s does not answer: using an embedded Redis at %s for this process (dev/test profile)",
                    configured.get(),
                    embedded);
        } catch (Exception | LinkageError e) {
            LOG.warnf(
                    "Redis at %s does not answer and no embedded Redis could start (%s): cache and rate limits are off",
                    configured.get(), e.toString());
        }
    }

    private void postgres(ConfigSourceContext context, Path dataDir, Map<String, String> overrides) {
        String reactive = value(context, "quarkus.datasource.reactive.url", null);
        String jdbc = value(context, "quarkus.datasource.jdbc.url", reactive);
        Optional<ServiceAddress> configured = ServiceAddress.ofPostgres(reactive != null ? reactive : jdbc);
        if (configured.isEmpty() || configured.get().answers()) {
            return;
        }
        String user = value(context, "quarkus.datasource.username", "postgres");
        String database = ServiceAddress.database(reactive != null ? reactive : jdbc, user);
        String jdbcDatabase = ServiceAddress.database(jdbc, database);
        try {
            ServiceAddress embedded = launcher().postgres(dataDir, user, database);
            if (!jdbcDatabase.equals(database)) {
                launcher().postgres(dataDir, user, jdbcDatabase);
            }
            overrides.put("quarkus.datasource.reactive.url", "postgresql://" + embedded + "/" + database);
            overrides.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + embedded + "/" + jdbcDatabase);
            logOnce(
                    "postgres",
                    "PostgreSQL at %s does not answer: using an embedded PostgreSQL at %s (database %s, data in %s)",
                    configured.get(),
                    embedded,
                    database,
                    dataDir.resolve("postgres"));
        } catch (Exception | LinkageError e) {
            LOG.warnf(
                    "PostgreSQL at %s does not answer and no embedded PostgreSQL could start (%s): request logs, the"
                            + " Logs API and the management API are off",
                    configured.get(), e.toString());
        }
    }

    private EmbeddedLauncher launcher() throws ReflectiveOperationException {
        if (launcher == null) {
            launcher = EmbeddedLauncher.load();
        }
        return launcher;
    }

    static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }

    /**
     * The configuration is built several times per start (build steps, static and runtime init, each dev reload):
     * a message is logged once per JVM unless it changes.
     */
    static void logOnce(String key, String format, Object... args) {
        String message = String.format(format, args);
        String property = "dev.aigateway.embedded.logged." + key;
        if (!message.equals(System.getProperty(property))) {
            System.setProperty(property, message);
            LOG.info(message);
        }
    }
}
