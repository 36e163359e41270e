package dev.aigateway.embedded;

import java.nio.file.Path;

/**
 * Starts (once per JVM) or reuses the embedded servers. Implemented by {@link EmbeddedServers}, which the config
 * source loads by name in the dev and test profiles only: the production jar never links the embedded libraries.
 */
public interface EmbeddedLauncher {

    /** The embedded Redis, started under {@code dataDir} when none runs yet. */
    ServiceAddress redis(Path dataDir) throws Exception;

    /** The embedded PostgreSQL, with role {@code user} (a superuser) and {@code database} created when missing. */
    ServiceAddress postgres(Path dataDir, String user, String database) throws Exception;

    /** The implementation, or an exception saying why the embedded servers are not on this class path. */
    static EmbeddedLauncher load() throws ReflectiveOperationException {
        return (EmbeddedLauncher) Class.forName(
                        EmbeddedLauncher.class.getPackageName() + ".EmbeddedServers",
                        true,
                        EmbeddedLauncher.class.getClassLoader())
                .getDeclaredConstructor()
                .newInstance();
    }
}
