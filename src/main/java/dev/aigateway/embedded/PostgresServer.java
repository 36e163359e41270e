package dev.aigateway.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL 14 (zonky's binaries) on a free loopback port, its data kept in a directory of ours so a dev
 * restart keeps the request logs. PostgreSQL refuses to run as root: a root JVM runs it as {@code nobody}, with the data
 * directory owned by that user.
 */
final class PostgresServer {

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    /** Written after initdb succeeded: a data directory without it is a half-made one and is made again. */
    private static final String INITIALIZED = "aigateway-initialized";

    static final String SUPERUSER = "postgres";

    private PostgresServer() {}

    /** Starts PostgreSQL on {@code dataRoot/postgres} (made on first use) and waits until it takes connections. */
    static ServiceAddress start(Path dataRoot, Path cacheDir) throws Exception {
        Path home = PostgresBinaries.unpacked(cacheDir);
        boolean root = ServerProcess.runningAsRoot();
        Path dir = root ? reachableByNobody(dataRoot) : dataRoot;
        createDirectories(dir, root);
        Path data = dir.resolve("postgres");
        Path log = dir.resolve("postgres.log");
        ServerProcess.stopOrphan(data.resolve("postmaster.pid"), "postgres");
        if (!Files.exists(data.resolve(INITIALIZED))) {
            initdb(home, data, log, root);
        }
        int port = freePort();
        ServerProcess server = ServerProcess.start(
                "postgres",
                List.of(
                        home.resolve("bin/postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        Integer.toString(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=",
                        "-c",
                        "max_connections=200",
                        // dev and test data: speed over crash safety
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off"),
                log,
                root,
                "INT");
        ServiceAddress address = new ServiceAddress("127.0.0.1", port);
        awaitConnections(address, server, log);
        return address;
    }

    /** Creates the role (a superuser: it owns its dev database) and the database when they do not exist. */
    static void ensureDatabase(ServiceAddress address, String user, String database) throws SQLException {
        try (Connection c = connect(address, "postgres")) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE ROLE " + quote(user) + " LOGIN SUPERUSER");
                }
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + quote(database) + " OWNER " + quote(user));
                }
                LOG.infof("Created database %s on the embedded PostgreSQL at %s", database, address);
            }
        }
    }

    private static void initdb(Path home, Path data, Path log, boolean root) throws Exception {
        PostgresBinaries.deleteTree(data);
        Files.createDirectories(
                data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (root) {
            int[] nobody = ServerProcess.nobody();
            Files.setAttribute(data, "unix:uid", nobody[0]);
            Files.setAttribute(data, "unix:gid", nobody[1]);
        }
        long started = System.nanoTime();
        List<String> command = List.of(
                home.resolve("bin/initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync");
        if (!ServerProcess.run(command, log, root, 120)) {
            throw new IOException("initdb failed; its output is in " + log);
        }
        Files.createFile(data.resolve(INITIALIZED));
        LOG.infof("Initialised PostgreSQL data in %s in %d ms", data, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * {@code nobody} must be able to walk down to the data directory; under a private home (e.g. {@code /root}) it
     * cannot, and the data goes below the temp directory instead.
     */
    private static Path reachableByNobody(Path dataRoot) {
        for (Path p = dataRoot.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                        && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    Path fallback = Path.of(
                            System.getProperty("java.io.tmpdir"),
                            "aigateway-embedded-data",
                            Integer.toHexString(dataRoot.toAbsolutePath().hashCode()));
                    LOG.infof("%s is not reachable by user nobody: PostgreSQL data goes to %s", dataRoot, fallback);
                    return fallback;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return dataRoot;
            }
        }
        return dataRoot;
    }

    /** Like {@link Files#createDirectories}; under root the new ones are 755 whatever the umask, for nobody to pass. */
    private static void createDirectories(Path dir, boolean root) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!root || Files.isDirectory(absolute)) {
            Files.createDirectories(absolute);
            return;
        }
        createDirectories(absolute.getParent(), true);
        Files.createDirectories(absolute);
        Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void awaitConnections(ServiceAddress address, ServerProcess server, Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                throw new IOException("PostgreSQL exited at start-up; its output is in " + log);
            }
            try (Connection c = connect(address, "postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        server.stop();
        throw new IOException("PostgreSQL did not take connections within 60 s; its output is in " + log, last);
    }

    static Connection connect(ServiceAddress address, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("connectTimeout", "2");
        String url = "jdbc:postgresql://" + address + "/" + database;
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + url);
        }
        return c;
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, name);
            return st.executeQuery().next();
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
