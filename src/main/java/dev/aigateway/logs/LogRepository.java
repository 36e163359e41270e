package dev.aigateway.logs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The Logs API's reads and edits of {@code request_logs} (and their payloads): a page of a gateway's logs with its
 * counts, one log, one stored body, annotations ({@code PATCH}) and deletes by filter. Every statement is scoped to one
 * gateway and every client value is a bound argument; the dynamic parts come from {@link LogQuery}. Failures (the
 * database down or slow) reach the caller as failed {@link Uni}s.
 */
@Singleton
public class LogRepository {

    private static final Logger LOG = Logger.getLogger(LogRepository.class);
    /** A list (and its count) that takes longer fails rather than holding the caller. */
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    /** The min/max figures of {@code meta_info}, named as in Cloudflare's {@code result_info}. */
    static final List<String> STATS = List.of(
            "min_cost",
            "max_cost",
            "min_duration",
            "max_duration",
            "min_tokens_in",
            "max_tokens_in",
            "min_tokens_out",
            "max_tokens_out",
            "min_total_tokens",
            "max_total_tokens");

    /** A statement and its positional ({@code $n}) arguments. */
    record Statement(String sql, List<Object> args) {}

    /** One page of logs: its items, how many rows match in all, and (with {@code meta_info}) the min/max figures. */
    public record Page(List<JsonObject> items, long total, Map<String, Object> stats) {}

    /** Which stored body. */
    public enum Body {
        REQUEST("request"),
        RESPONSE("response");

        private final String label;

        Body(String label) {
            this.label = label;
        }

        /** {@code request} or {@code response}: the column prefix, and the word used in messages. */
        public String label() {
            return label;
        }
    }

    /**
     * A log's stored body: null bytes when none was stored ({@code payloadStored} tells whether payloads were collected
     * for the log at all); the content type is the one the client or provider sent, untrusted.
     */
    public record StoredBody(byte[] bytes, String contentType, boolean payloadStored) {}

    /** Locks a gateway's row counter (when it has one) until the transaction ends. */
    static final String LOCK_COUNTER = "SELECT 1 FROM gateway_log_counts WHERE gateway_id = $1 FOR UPDATE";

    private final PgPool db;

    public LogRepository(PgPool db) {
        this.db = db;
    }

    public Uni<Page> list(LogListQuery query) {
        Statement list = listStatement(query);
        Statement count = countStatement(query);
        return db.preparedQuery(list.sql())
                .execute(Tuple.from(list.args()))
                .chain(rows -> db.preparedQuery(count.sql())
                        .execute(Tuple.from(count.args()))
                        .map(counted -> {
                            List<JsonObject> items = new ArrayList<>();
                            rows.forEach(r -> items.add(LogItems.item(r, false)));
                            Row c = counted.iterator().next();
                            Map<String, Object> stats = new java.util.LinkedHashMap<>();
                            if (query.metaInfo()) {
                                STATS.forEach(f -> stats.put(f, LogItems.number(c.getValue(f))));
                            }
                            return new Page(items, c.getLong("total"), stats);
                        }))
                .ifNoItem()
                .after(LIST_TIMEOUT)
                .fail();
    }

    /**
     * A page by keyset (the dashboard's logs explorer): the rows after {@code cursor} (none: the first page) in
     * {@code created_at} order, without counting the matches; the next cursor when more rows follow.
     */
    public Uni<KeysetPage> listAfter(LogSelection selection, Optional<String> cursor, boolean ascending, int perPage) {
        Statement list = keysetStatement(selection, cursor, ascending, perPage);
        return db.preparedQuery(list.sql())
                .execute(Tuple.from(list.args()))
                .map(rows -> {
                    List<JsonObject> items = new ArrayList<>();
                    rows.forEach(r -> items.add(LogItems.item(r, false)));
                    String next = null;
                    if (items.size() > perPage) {
                        items.remove(perPage);
                        JsonObject last = items.get(perPage - 1);
                        next = last.getString("created_at") + "_" + last.getString("id");
                    }
                    return new KeysetPage(items, next);
                })
                .ifNoItem()
                .after(LIST_TIMEOUT)
                .fail();
    }

    /** A keyset page: its items and the cursor of the next one (null: this is the last). */
    public record KeysetPage(List<JsonObject> items, String next) {}

    /** The rows after a cursor ({@code <created_at>_<id>}), one more than a page to tell whether more follow. */
    static Statement keysetStatement(LogSelection s, Optional<String> cursor, boolean ascending, int perPage) {
        List<Object> args = new ArrayList<>(s.where().args());
        StringBuilder sql = new StringBuilder("SELECT " + LogItems.COLUMNS + " FROM request_logs l WHERE ")
                .append(s.where().sql());
        if (cursor.isPresent() && !cursor.get().isBlank()) {
            String c = cursor.get().strip();
            int cut = c.lastIndexOf('_');
            try {
                args.add(java.time.OffsetDateTime.ofInstant(
                        java.time.Instant.parse(c.substring(0, Math.max(0, cut))), java.time.ZoneOffset.UTC));
                args.add(UUID.fromString(c.substring(cut + 1)));
            } catch (RuntimeException e) {
                throw new LogQuery.Invalid("cursor must be a next_cursor of an earlier page");
            }
            sql.append(" AND (created_at, id) ")
                    .append(ascending ? ">" : "<")
                    .append(" ($")
                    .append(args.size() - 1)
                    .append(", $")
                    .append(args.size())
                    .append(')');
        }
        String dir = ascending ? "asc" : "desc";
        args.add(perPage + 1);
        sql.append(" ORDER BY created_at ")
                .append(dir)
                .append(", id ")
                .append(dir)
                .append(" LIMIT $")
                .append(args.size());
        return new Statement(sql.toString(), args);
    }

    /** One log with its usage and the heads of its bodies; empty when the gateway has no such log. */
    public Uni<Optional<JsonObject>> find(String gatewayId, UUID id) {
        return db.preparedQuery("SELECT " + LogItems.COLUMNS + LogItems.DETAIL_COLUMNS
                        + " FROM request_logs l LEFT JOIN request_log_payloads p ON p.log_id = l.id"
                        + " WHERE l.gateway_id = $1 AND l.id = $2")
                .execute(Tuple.of(gatewayId, id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(LogItems.item(rows.iterator().next(), true)));
    }

    /** A log's request or response body as stored; empty when the gateway has no such log. */
    public Uni<Optional<StoredBody>> body(String gatewayId, UUID id, Body which) {
        String w = which.label();
        return db.preparedQuery("SELECT p." + w + "_body AS body, l." + w + "_content_type AS type, l.payload_stored"
                        + " FROM request_logs l LEFT JOIN request_log_payloads p ON p.log_id = l.id"
                        + " WHERE l.gateway_id = $1 AND l.id = $2")
                .execute(Tuple.of(gatewayId, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    io.vertx.mutiny.core.buffer.Buffer b = r.getBuffer("body");
                    return Optional.of(new StoredBody(
                            b == null ? null : b.getBytes(),
                            r.getString("type"),
                            Boolean.TRUE.equals(r.getBoolean("payload_stored"))));
                });
    }

    /** Applies a {@code PATCH} and returns the log as it now is; empty when the gateway has no such log. */
    public Uni<Optional<JsonObject>> annotate(String gatewayId, UUID id, LogAnnotations changes) {
        if (changes.isEmpty()) {
            return find(gatewayId, id);
        }
        Statement update = annotateStatement(gatewayId, id, changes);
        return db.preparedQuery(update.sql())
                .execute(Tuple.from(update.args()))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(Optional.<JsonObject>empty())
                        : find(gatewayId, id));
    }

    /**
     * Deletes the selected rows (at most the query's limit, in its order) and returns how many went: in one
     * transaction that locks the gateway's row counter before any of its rows, the order the log writer locks them in
     * ({@link LogBatchStore}: counter, then the oldest rows retention deletes), so the two never deadlock.
     */
    public Uni<Long> delete(LogDeleteQuery query) {
        Statement delete = deleteStatement(query);
        return db.withTransaction(conn -> conn.preparedQuery(LOCK_COUNTER)
                        .execute(Tuple.of(query.selection().gatewayId()))
                        .chain(() -> conn.preparedQuery(delete.sql()).execute(Tuple.from(delete.args()))))
                .map(rows -> {
                    long deleted = rows.iterator().next().getLong("deleted");
                    LOG.infof(
                            "Deleted %d request logs of gateway %s by filter",
                            deleted, query.selection().gatewayId());
                    return deleted;
                });
    }

    /** The page: its rows in order, with the id as tie-breaker ({@link LogQuery#orderBy}) so pages never overlap. */
    static Statement listStatement(LogListQuery q) {
        LogSelection s = q.selection();
        List<Object> args = new ArrayList<>(s.where().args());
        args.add(q.perPage());
        args.add(q.offset());
        return new Statement(
                "SELECT " + LogItems.COLUMNS + " FROM request_logs l WHERE "
                        + s.where().sql() + " ORDER BY " + s.orderBy() + " LIMIT $" + (args.size() - 1) + " OFFSET $"
                        + args.size(),
                args);
    }

    /** How many rows match in all, and with {@code meta_info} the {@link #STATS} over them. */
    static Statement countStatement(LogListQuery q) {
        String stats = !q.metaInfo()
                ? ""
                : ", min(cost) AS min_cost, max(cost) AS max_cost, min(duration_ms) AS min_duration,"
                        + " max(duration_ms) AS max_duration, min(tokens_in) AS min_tokens_in,"
                        + " max(tokens_in) AS max_tokens_in, min(tokens_out) AS min_tokens_out,"
                        + " max(tokens_out) AS max_tokens_out,"
                        + " min(" + LogQuery.TOTAL_TOKENS + ") AS min_total_tokens,"
                        + " max(" + LogQuery.TOTAL_TOKENS + ") AS max_total_tokens";
        LogQuery.Where where = q.selection().where();
        return new Statement(
                "SELECT count(*) AS total" + stats + " FROM request_logs WHERE " + where.sql(), where.args());
    }

    /** The selected rows' ids, at most {@code limit}, deleted with the gateway's row counter kept right. */
    static Statement deleteStatement(LogDeleteQuery q) {
        LogSelection s = q.selection();
        List<Object> args = new ArrayList<>(s.where().args());
        args.add(q.limit());
        return new Statement(
                "WITH gone AS (DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE "
                        + s.where().sql() + " ORDER BY " + s.orderBy() + " LIMIT $" + args.size() + ") RETURNING 1),"
                        + " counted AS (UPDATE gateway_log_counts SET row_count = greatest(0, row_count -"
                        + " (SELECT count(*) FROM gone)) WHERE gateway_id = $1)"
                        + " SELECT count(*) AS deleted FROM gone",
                args);
    }

    static Statement annotateStatement(String gatewayId, UUID id, LogAnnotations changes) {
        List<String> sets = new ArrayList<>();
        List<Object> args = new ArrayList<>(List.of(gatewayId, id));
        changes.changes().forEach((field, value) -> {
            args.add(value);
            String p = "$" + args.size();
            sets.add(
                    switch (field) {
                        case FEEDBACK -> "feedback = " + p;
                        case SCORE -> "score = " + p;
                        case METADATA -> "metadata = (" + p + "::text)::jsonb";
                    });
        });
        return new Statement(
                "UPDATE request_logs SET " + String.join(", ", sets) + " WHERE gateway_id = $1 AND id = $2", args);
    }
}
