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

    private TestDb() {}

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
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
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The log row with this id, or null. */
    public static Map<String, Object> logRow(String id) {
        List<Map<String, Object>> rows = query("SELECT * FROM request_logs WHERE id = ?::uuid", id);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
