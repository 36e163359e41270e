package dev.aigateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the gateway wrote to PostgreSQL (plain JDBC, outside the application). */
public final class TestDb {

    /** The gateway's log database: local PostgreSQL when it answers, else the embedded one ({@link LocalServices}). */
    public static final String URL = LocalServices.jdbcUrl(LocalServices.DATABASE);

    /** Set once the gateway's schema is there: it migrates at start-up without blocking it, so a test may be first. */
    private static volatile boolean schemaSeen;

    private TestDb() {}

    /**
     * Waits (at most 60 s) until the gateway under test has created the log tables: a test that seeds or reads rows
     * right after the first start-up on a fresh database would otherwise race the migration.
     */
    private static void awaitSchema(Connection c) throws SQLException {
        if (schemaSeen) {
            return;
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (PreparedStatement st = c.prepareStatement("SELECT to_regclass('public.request_logs') IS NOT NULL");
                    ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    schemaSeen = true;
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connection();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection c = connection();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection of the test's own to the gateway's log database (once its schema is there); the caller closes it. */
    public static Connection connection() throws SQLException {
        Connection c = DriverManager.getConnection(URL, "postgres", "");
        try {
            awaitSchema(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The log row with this id, or null. */
    public static Map<String, Object> logRow(String id) {
        List<Map<String, Object>> rows = query("SELECT * FROM request_logs WHERE id = ?::uuid", id);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
