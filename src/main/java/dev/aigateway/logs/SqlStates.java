package dev.aigateway.logs;

import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;

/**
 * Tells a batch PostgreSQL refused for its data (SQLSTATE class 22 "data exception" or 23 "integrity constraint
 * violation": the same rows would be refused forever) from a failure of the database itself (connection, outage,
 * timeout), which is worth retrying.
 */
final class SqlStates {

    private SqlStates() {}

    /** The SQLSTATE found in the failure's cause chain, or null. */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                return db.getSqlState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    static boolean isDataError(Throwable failure) {
        String state = of(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The database's reason, short and without row data (never the values: they may hold anything). */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                String message = db.getMessage() == null ? "" : db.getMessage();
                return clip(message) + " (SQLSTATE " + db.getSqlState() + ")";
            }
        }
        return clip(String.valueOf(failure.getMessage()));
    }

    private static String clip(String s) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}
