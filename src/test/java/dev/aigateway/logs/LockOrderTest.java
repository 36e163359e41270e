package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' writers, and the Logs API's delete, lock the rows they share (a gateway's row counter, its rollup
 * rows, its oldest rows) in one order, so PostgreSQL never has to abort one of them for a deadlock (SQLSTATE 40P01,
 * a batch wasted and written again).
 */
@QuarkusTest
class LockOrderTest extends GatewayTest {

    private static final int ROUNDS = 30;
    private static final int PER_GATEWAY = 5;

    @Inject
    LogBatchStore store;

    @Inject
    LogRepository logs;

    @Inject
    Vertx vertx;

    private static List<LogRow> rows(String gatewayId, int n) {
        return rows(gatewayId, n, Instant.now(), Duration.ZERO);
    }

    /** {@code n} rows of a gateway, the first at {@code start}, each {@code step} after the one before. */
    private static List<LogRow> rows(String gatewayId, int n, Instant start, Duration step) {
        List<LogRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RequestLogEntity r = new RequestLogEntity();
            r.id = UUID.randomUUID();
            r.createdAt = start.plus(step.multipliedBy(i));
            r.gatewayId = gatewayId;
            r.provider = i % 2 == 0 ? "openai" : "anthropic";
            r.model = "m" + i;
            r.path = "chat/completions";
            r.success = true;
            r.statusCode = 200;
            r.durationMs = 10 + i;
            rows.add(new LogRow(r, null));
        }
        return rows;
    }

    private static List<LogRow> batch(String first, String second) {
        List<LogRow> batch = new ArrayList<>(rows(first, PER_GATEWAY));
        batch.addAll(rows(second, PER_GATEWAY));
        return batch;
    }

    private CompletableFuture<Integer> write(List<LogRow> batch) {
        return store.write(vertx.getOrCreateContext(), batch, false)
                .subscribeAsCompletionStage()
                .toCompletableFuture();
    }

    private static long counted(String gatewayId) {
        return (Long) TestDb.query("SELECT row_count FROM gateway_log_counts WHERE gateway_id = ?", gatewayId)
                .get(0)
                .get("row_count");
    }

    private static long rollupRequests(String table, String gatewayId) {
        return ((Number) TestDb.query(
                                "SELECT coalesce(sum(requests), 0) AS n FROM " + table + " WHERE gateway_id = ?",
                                gatewayId)
                        .get(0)
                        .get("n"))
                .longValue();
    }

    @Test
    void twoWritersWithTheirGatewaysInOppositeOrdersNeverDeadlock() throws Exception {
        String a = "lock-a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "lock-b-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // one replica's batch has a's rows first, the other's b's: the same counter and rollup rows
            CompletableFuture<Integer> one = write(batch(a, b));
            CompletableFuture<Integer> two = write(batch(b, a));
            for (CompletableFuture<Integer> w : List.of(one, two)) {
                try {
                    assertThat(w.get(30, TimeUnit.SECONDS)).isEqualTo(2 * PER_GATEWAY);
                } catch (ExecutionException e) {
                    failures.add("round " + round + ": " + e.getCause());
                }
            }
        }
        assertThat(failures).as("batches PostgreSQL aborted").isEmpty();
        long written = 2L * ROUNDS * PER_GATEWAY;
        for (String g : List.of(a, b)) {
            assertThat(counted(g)).isEqualTo(written);
            assertThat(rollupRequests(LogRollups.MINUTES, g)).isEqualTo(written);
            assertThat(rollupRequests(LogRollups.HOURS, g)).isEqualTo(written);
            assertThat(rollupRequests(LogRollups.DAYS, g)).isEqualTo(written);
        }
    }

    /**
     * While a writer holds a gateway's counter (as it does from its first statement to its commit, deleting the oldest
     * rows under it), the Logs API's delete waits for the counter before it takes any of the rows: the writer is never
     * left waiting for rows the delete holds while the delete waits for its counter.
     */
    @Test
    void theLogsApiDeleteWaitsForTheCounterBeforeTakingAnyRow() throws Exception {
        String g = "lock-d-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(write(rows(g, 6)).get(30, TimeUnit.SECONDS)).isEqualTo(6);
        LogDeleteQuery all = new LogDeleteQuery(LogSelection.of(g, List.of(), null, null, "asc", true), 100);

        CompletableFuture<Long> deleted;
        try (Connection writer = TestDb.connection();
                Connection probe = TestDb.connection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement lock =
                    writer.prepareStatement("SELECT 1 FROM gateway_log_counts WHERE gateway_id = ? FOR UPDATE")) {
                lock.setString(1, g);
                lock.executeQuery().close();
            }
            deleted = logs.delete(all).subscribeAsCompletionStage().toCompletableFuture();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> waitingFor(writer, probe) || deleted.isDone());
            assertThat(deleted).as("the delete waits for the counter").isNotDone();
            // every one of the gateway's rows is still free to take (a writer deleting its oldest would get them)
            try (PreparedStatement rows = probe.prepareStatement(
                    "SELECT count(*) FROM (SELECT id FROM request_logs WHERE gateway_id = ? FOR UPDATE NOWAIT) r")) {
                rows.setString(1, g);
                try (ResultSet rs = rows.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(6);
                }
            }
            writer.commit();
        }
        assertThat(deleted.get(30, TimeUnit.SECONDS)).isEqualTo(6);
        assertThat(counted(g)).isZero();
        assertThat(TestDb.query("SELECT id FROM request_logs WHERE gateway_id = ?", g))
                .isEmpty();
    }

    /** Some session waits for a lock {@code holder} holds (the database is shared: only that one counts). */
    private static boolean waitingFor(Connection holder, Connection probe) throws SQLException {
        long pid;
        try (PreparedStatement st = holder.prepareStatement("SELECT pg_backend_pid()");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            pid = rs.getLong(1);
        }
        try (PreparedStatement st = probe.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE ?::int = ANY (pg_blocking_pids(pid))")) {
            st.setLong(1, pid);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Locks a gateway's rollup rows of one period in {@code table} (FOR UPDATE; with {@code NOWAIT}: only if no other
     * transaction holds any, else the SQLSTATE 55P03 error); true when there was such a row.
     */
    private static boolean lockRollups(Connection c, String table, String gatewayId, Instant period, boolean nowait)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + table
                + " WHERE gateway_id = ? AND period = ? FOR UPDATE" + (nowait ? " NOWAIT" : "") + ") r")) {
            st.setString(1, gatewayId);
            st.setObject(2, period.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** Whether another transaction holds one of these rollup rows (they are free when this one can take them). */
    private static boolean held(Connection probe, String table, String gatewayId, Instant period) throws SQLException {
        try {
            lockRollups(probe, table, gatewayId, period, true);
            return false;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return true;
            }
            throw e;
        }
    }

    /**
     * While a batch's rollup upsert waits for a row another transaction holds, which of its rows does it hold
     * already? Days, then hours, then minutes, whether its rollups go as one statement (a small batch) or in parts
     * (more than 200 minutes): a writer of either kind never waits for a row of a coarser table while holding a finer
     * one another writer needs.
     */
    @Test
    void rollupRowsAreTakenDaysThenHoursThenMinutesInOneStatementOrInParts() throws Exception {
        Instant day = Instant.parse("2026-01-01T00:00:00Z");
        for (int minutes : new int[] {1, 201}) {
            String g = "lock-r-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(write(rows(g, 1, day, Duration.ZERO)).get(30, TimeUnit.SECONDS))
                    .isEqualTo(1);
            // another transaction holds the minute's rows: the batch gets as far as it can
            assertThat(heldWhileWaiting(g, minutes, LogRollups.MINUTES, day))
                    .as("%d minutes, waiting for a minute row", minutes)
                    .containsExactly(LogRollups.DAYS, LogRollups.HOURS);
            assertThat(heldWhileWaiting(g, minutes, LogRollups.HOURS, day))
                    .as("%d minutes, waiting for an hour row", minutes)
                    .containsExactly(LogRollups.DAYS);
            assertThat(heldWhileWaiting(g, minutes, LogRollups.DAYS, day))
                    .as("%d minutes, waiting for a day row", minutes)
                    .isEmpty();
        }
    }

    /**
     * Holds a gateway's rollup rows of {@code table} at {@code day}, writes a batch of rows a minute apart from then,
     * and once it waits, names the other tables whose rows at {@code day} it holds; then lets it finish.
     */
    private List<String> heldWhileWaiting(String gatewayId, int minutes, String table, Instant day) throws Exception {
        List<String> held = new ArrayList<>();
        CompletableFuture<Integer> writing;
        try (Connection holder = TestDb.connection();
                Connection probe = TestDb.connection()) {
            holder.setAutoCommit(false);
            assertThat(lockRollups(holder, table, gatewayId, day, false)).isTrue();
            writing = write(rows(gatewayId, minutes, day, Duration.ofMinutes(1)));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> waitingFor(holder, probe) || writing.isDone());
            assertThat(writing).as("the batch waits for the held rows").isNotDone();
            for (String other : List.of(LogRollups.DAYS, LogRollups.HOURS, LogRollups.MINUTES)) {
                if (!other.equals(table) && held(probe, other, gatewayId, day)) {
                    held.add(other);
                }
            }
            holder.commit();
        }
        assertThat(writing.get(30, TimeUnit.SECONDS)).isEqualTo(minutes);
        return held;
    }
}
