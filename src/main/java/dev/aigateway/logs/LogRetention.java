package dev.aigateway.logs;

import dev.aigateway.config.LogManagementStrategy;
import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A gateway's row limit ({@code log_management}) kept as its rows are written, inside the batch's transaction: the
 * gateway's row counter ({@code gateway_log_counts}) is locked, then either the rows beyond the limit are not inserted
 * ({@code STOP_INSERTING}) or the gateway's oldest rows are deleted, a bounded chunk per batch (the default).
 */
@Singleton
class LogRetention {

    /** Oldest rows deleted per gateway per batch at most: short transactions, no long locks. */
    static final int DELETE_CHUNK = 5000;

    /** What a batch of rows for one gateway does: insert its first {@code keep} rows, delete {@code deleteOldest}. */
    record Plan(int keep, long deleteOldest) {}

    private final GatewayRegistry gateways;

    LogRetention(GatewayRegistry gateways) {
        this.gateways = gateways;
    }

    /** The plan for {@code rows} new rows of a gateway that has {@code count} rows now. */
    Plan plan(String gatewayId, long count, int rows) {
        GatewaySettings gw = gateways.find(gatewayId).orElse(null);
        OptionalLong limit = gw == null ? OptionalLong.empty() : gw.logManagement();
        boolean stopInserting = gw != null
                && gw.logManagementStrategy()
                        .map(LogManagementStrategy.STOP_INSERTING::equals)
                        .orElse(false);
        return plan(limit, stopInserting, count, rows);
    }

    /** No limit (none, or a negative one): insert all; stop inserting: only what fits; else insert all and delete the excess (one chunk). */
    static Plan plan(OptionalLong limit, boolean stopInserting, long count, int rows) {
        if (limit.isEmpty() || limit.getAsLong() < 0) {
            return new Plan(rows, 0);
        }
        long max = limit.getAsLong();
        if (stopInserting) {
            return new Plan((int) Math.min(rows, Math.max(0, max - count)), 0);
        }
        return new Plan(rows, Math.max(0, Math.min(DELETE_CHUNK, count + rows - max)));
    }

    /**
     * The gateway's row count, its counter row created if need be and locked until the transaction ends: one
     * statement (an upsert locks the row it updates), one round trip per batch.
     */
    static Uni<Long> lockCount(Mutiny.StatelessSession session, String gatewayId) {
        return session.createNativeQuery(
                        "INSERT INTO gateway_log_counts AS c (gateway_id, row_count) VALUES (?1, 0) ON CONFLICT"
                                + " (gateway_id) DO UPDATE SET row_count = c.row_count RETURNING c.row_count",
                        Long.class)
                .setParameter(1, gatewayId)
                .getSingleResult();
    }

    /** Deletes a gateway's oldest rows through the (gateway, time) index: a bounded chunk, never a table scan. */
    static Uni<Integer> deleteOldest(Mutiny.StatelessSession session, String gatewayId, long n) {
        if (n <= 0) {
            return Uni.createFrom().item(0);
        }
        return session.createNativeQuery("DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs "
                        + "WHERE gateway_id = ?1 ORDER BY created_at, id LIMIT ?2)")
                .setParameter(1, gatewayId)
                .setParameter(2, n)
                .executeUpdate();
    }

    /** Moves the gateway's counter by what the batch inserted less what it deleted. */
    static Uni<Integer> addToCount(Mutiny.StatelessSession session, String gatewayId, long delta) {
        return session.createNativeQuery(
                        "UPDATE gateway_log_counts SET row_count = row_count + ?2 WHERE gateway_id = ?1")
                .setParameter(1, gatewayId)
                .setParameter(2, delta)
                .executeUpdate();
    }
}
