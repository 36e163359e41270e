package dev.aigateway.logs;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the request-log database when PostgreSQL answers but the configured database does not exist (SQLSTATE
 * 3D000), connecting to the {@code postgres} maintenance database as the configured user. A user that may not create
 * databases gets one log line saying exactly what to run. Called on a worker thread before each migration attempt, in
 * every profile; start-up never waits for it.
 */
@Singleton
public class DatabaseBootstrap {

    /** What {@link #ensure} found or did. */
    public enum Outcome {
        EXISTS,
        CREATED,
        NOT_PERMITTED,
        UNREACHABLE
    }

    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);
    private static final String NO_DATABASE = "3D000";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String DUPLICATE_DATABASE = "42P04";

    private final Optional<String> url;
    private final String user;
    private final String password;
    private final AtomicBoolean told = new AtomicBoolean();

    public DatabaseBootstrap(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    /** Blocking: call it off the event loop. Failures are left to the migration that follows (retried). */
    public void ensureDatabase() {
        if (url.isEmpty()) {
            return;
        }
        Outcome outcome = ensure(url.get(), user, password);
        if (outcome == Outcome.CREATED) {
            LOG.infof("Created database %s for the request logs", databaseOf(url.get()));
        } else if (outcome == Outcome.NOT_PERMITTED && told.compareAndSet(false, true)) {
            LOG.errorf(
                    "Database %s does not exist and user %s may not create it; request logs are off until someone"
                            + " runs: %s",
                    databaseOf(url.get()), user, createCommand(url.get(), user));
        }
    }

    /** Connects to {@code jdbcUrl}; when its database is missing, creates it from the maintenance database. */
    public static Outcome ensure(String jdbcUrl, String user, String password) {
        try (Connection c = connect(jdbcUrl, user, password)) {
            return Outcome.EXISTS;
        } catch (SQLException e) {
            if (!NO_DATABASE.equals(e.getSQLState())) {
                return Outcome.UNREACHABLE;
            }
        }
        String database = databaseOf(jdbcUrl);
        try (Connection c = connect(withDatabase(jdbcUrl, "postgres"), user, password);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + quote(database));
            return Outcome.CREATED;
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                return Outcome.EXISTS; // another replica was quicker
            }
            return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState()) ? Outcome.NOT_PERMITTED : Outcome.UNREACHABLE;
        }
    }

    /** The command a superuser runs to create the database for {@code user}, for the log line. */
    public static String createCommand(String jdbcUrl, String user) {
        String sql = "CREATE DATABASE " + quote(databaseOf(jdbcUrl)) + " OWNER " + quote(user);
        String hostPort = hostPart(jdbcUrl);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "5432" : hostPort.substring(colon + 1);
        return "psql -h " + host + " -p " + port + " -U postgres -c '" + sql.replace("'", "'\\''") + "'";
    }

    /** The database a {@code jdbc:postgresql://host:port/db?params} URL names. */
    static String databaseOf(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return "postgres";
        }
        String db = rest.substring(slash + 1);
        int query = db.indexOf('?');
        db = query < 0 ? db : db.substring(0, query);
        return java.net.URLDecoder.decode(db, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String withDatabase(String jdbcUrl, String database) {
        int start = jdbcUrl.indexOf("//") + 2;
        String rest = jdbcUrl.substring(start);
        int slash = rest.indexOf('/');
        int query = rest.indexOf('?');
        String hosts = slash >= 0 ? rest.substring(0, slash) : query >= 0 ? rest.substring(0, query) : rest;
        String params = query >= 0 ? rest.substring(query) : "";
        return jdbcUrl.substring(0, start) + hosts + "/" + database + params;
    }

    private static String hostPart(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int i = rest.indexOf(c);
            end = i >= 0 ? Math.min(end, i) : end;
        }
        return rest.substring(0, end);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return c;
    }
}
