package dev.aigateway.logs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinyStatelessSessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

/**
 * A batch's rows, then their payloads, each as one {@code INSERT … SELECT … FROM unnest(array, array, …)}: one
 * statement with one array parameter per column, whatever the number of rows, sent through the reactive PostgreSQL
 * client on the connection of Hibernate Reactive's own transaction (the batch's row limit, rollups and counter stay in
 * that transaction, through Hibernate Reactive).
 *
 * <p>Why not {@code session.insertAll}, the narrower path measured (bench/log-writer.sh,
 * bench/results/2026-12-03-log-writer.md): Hibernate Reactive batches an entity insert as one execution per row (Bind
 * and Execute each, planned each time), and binds every value through its mutation coordinator: a 500-row batch took
 * ~270 ms in its transaction (~0.55 ms a row), so under a c=64 load the writer wrote 0.6–1.1k rows/s while the
 * gateway served 6–13k requests/s. The same rows as column arrays are one execution; the entities stay the mapping
 * of these tables for everything that reads them (and {@code EntitySchemaTest} checks them against the schema).
 */
final class LogBulkInsert {

    /** Body bytes per payload statement at most: a batch of large bodies goes in several statements. */
    static final long PAYLOAD_STATEMENT_BYTES = 16L * 1024 * 1024;

    /** One column: its name, its array type, the Java element type the client encodes, the value of a row. */
    private record Column<R>(String name, String arrayType, Class<?> element, Function<R, Object> value) {
        /** How the select list reads it: jsonb and numeric come as text (the client sends strings as text). */
        String select() {
            return switch (name) {
                case "metadata", "usage_raw" -> name + "::jsonb";
                case "cost" -> name + "::numeric";
                default -> name;
            };
        }
    }

    private static final List<Column<RequestLogEntity>> ROW = List.of(
            col("id", "uuid[]", UUID.class, r -> r.id),
            col(
                    "created_at",
                    "timestamptz[]",
                    OffsetDateTime.class,
                    r -> OffsetDateTime.ofInstant(r.createdAt, ZoneOffset.UTC)),
            col("gateway_id", "text[]", String.class, r -> r.gatewayId),
            col("provider", "text[]", String.class, r -> r.provider),
            col("model", "text[]", String.class, r -> r.model),
            col("path", "text[]", String.class, r -> r.path),
            col("request_type", "text[]", String.class, r -> r.requestType),
            col("success", "bool[]", Boolean.class, r -> r.success),
            col("status_code", "int4[]", Integer.class, r -> r.statusCode),
            col("cached", "bool[]", Boolean.class, r -> r.cached),
            col("duration_ms", "int4[]", Integer.class, r -> r.durationMs),
            col("ttfb_ms", "int4[]", Integer.class, r -> r.ttfbMs),
            col("tokens_in", "int8[]", Long.class, r -> r.tokensIn),
            col("tokens_out", "int8[]", Long.class, r -> r.tokensOut),
            col("cached_tokens", "int8[]", Long.class, r -> r.cachedTokens),
            col("cache_write_tokens", "int8[]", Long.class, r -> r.cacheWriteTokens),
            col("reasoning_tokens", "int8[]", Long.class, r -> r.reasoningTokens),
            col("cost", "text[]", String.class, r -> costText(r.cost)),
            col("custom_cost", "bool[]", Boolean.class, r -> r.customCost),
            col("metadata", "text[]", String.class, r -> r.metadata),
            col("request_content_type", "text[]", String.class, r -> r.requestContentType),
            col("response_content_type", "text[]", String.class, r -> r.responseContentType),
            col("step", "int4[]", Integer.class, r -> r.step),
            col("attempt", "int4[]", Integer.class, r -> r.attempt),
            col("event_id", "text[]", String.class, r -> r.eventId),
            col("truncated", "bool[]", Boolean.class, r -> r.truncated),
            col("user_agent", "text[]", String.class, r -> r.userAgent),
            col("error_class", "text[]", String.class, r -> r.errorClass),
            col("usage_raw", "text[]", String.class, r -> r.usageRaw),
            col("feedback", "int2[]", Short.class, r -> r.feedback),
            col("score", "int4[]", Integer.class, r -> r.score),
            col("payload_stored", "bool[]", Boolean.class, r -> r.payloadStored),
            col("authenticated", "bool[]", Boolean.class, r -> r.authenticated),
            col("ingress_format", "text[]", String.class, r -> r.ingressFormat),
            col("route", "text[]", String.class, r -> r.route),
            col("route_version", "text[]", String.class, r -> r.routeVersion),
            col("route_node", "text[]", String.class, r -> r.routeNode),
            col("cache_kind", "text[]", String.class, r -> r.cacheKind),
            col("cache_similarity", "float8[]", Double.class, r -> r.cacheSimilarity),
            col("key_alias", "text[]", String.class, r -> r.keyAlias),
            col("request_size", "int8[]", Long.class, r -> r.requestSize),
            col("response_size", "int8[]", Long.class, r -> r.responseSize));

    private static final List<Column<LogPayloadEntity>> PAYLOAD = List.of(
            col("log_id", "uuid[]", UUID.class, p -> p.logId),
            col("request_body", "bytea[]", Buffer.class, p -> buffer(p.requestBody)),
            col("response_body", "bytea[]", Buffer.class, p -> buffer(p.responseBody)),
            col("request_truncated", "bool[]", Boolean.class, p -> p.requestTruncated),
            col("response_truncated", "bool[]", Boolean.class, p -> p.responseTruncated));

    private static final String ROW_SQL = sql("request_logs", ROW);
    private static final String PAYLOAD_SQL = sql("request_log_payloads", PAYLOAD);

    private LogBulkInsert() {}

    /** The columns the row insert writes (LogBulkInsertTest: every mapped column of the entity). */
    static List<String> rowColumns() {
        return ROW.stream().map(Column::name).toList();
    }

    static List<String> payloadColumns() {
        return PAYLOAD.stream().map(Column::name).toList();
    }

    private static <R> Column<R> col(String name, String arrayType, Class<?> element, Function<R, Object> value) {
        return new Column<>(name, arrayType, element, value);
    }

    private static Buffer buffer(byte[] bytes) {
        return bytes == null ? null : Buffer.buffer(bytes);
    }

    /** {@code INSERT INTO t (a, b) SELECT a, b FROM unnest($1::uuid[], $2::text[]) AS u(a, b)}. */
    static <R> String sql(String table, List<Column<R>> columns) {
        StringBuilder names = new StringBuilder();
        StringBuilder select = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column<R> c = columns.get(i);
            String sep = i == 0 ? "" : ", ";
            names.append(sep).append(c.name());
            select.append(sep).append(c.select());
            arrays.append(sep).append('$').append(i + 1).append("::").append(c.arrayType());
        }
        return "INSERT INTO " + table + " (" + names + ") SELECT " + select + " FROM unnest(" + arrays + ") AS u("
                + names + ")";
    }

    /** The column arrays of {@code rows}: the statement's parameters. */
    static <R> Object[] arrays(List<Column<R>> columns, List<R> rows) {
        Object[] params = new Object[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column<R> column = columns.get(c);
            Object array = Array.newInstance(column.element(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Array.set(array, i, column.value().apply(rows.get(i)));
            }
            params[c] = array;
        }
        return params;
    }

    /** Inserts the rows, then their payloads (in statements of at most {@link #PAYLOAD_STATEMENT_BYTES} of bodies). */
    static Uni<Void> insert(Mutiny.StatelessSession session, List<LogRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ReactiveConnection connection = ((MutinyStatelessSessionImpl) session).getReactiveConnection();
        List<RequestLogEntity> logs = new ArrayList<>(rows.size());
        List<List<LogPayloadEntity>> payloadParts = new ArrayList<>();
        List<LogPayloadEntity> part = new ArrayList<>();
        long partBytes = 0;
        for (LogRow r : rows) {
            logs.add(r.log());
            LogPayloadEntity p = r.payload();
            if (p == null) {
                continue;
            }
            long size = length(p.requestBody) + length(p.responseBody);
            if (!part.isEmpty() && partBytes + size > PAYLOAD_STATEMENT_BYTES) {
                payloadParts.add(part);
                part = new ArrayList<>();
                partBytes = 0;
            }
            part.add(p);
            partBytes += size;
        }
        if (!part.isEmpty()) {
            payloadParts.add(part);
        }
        Uni<Void> chain = Uni.createFrom()
                .completionStage(() -> connection.update(ROW_SQL, arrays(ROW, logs)))
                .replaceWithVoid();
        for (List<LogPayloadEntity> payloads : payloadParts) {
            chain = chain.chain(() -> Uni.createFrom()
                    .completionStage(() -> connection.update(PAYLOAD_SQL, arrays(PAYLOAD, payloads)))
                    .replaceWithVoid());
        }
        return chain;
    }

    private static long length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** The cost as the text the select list reads as numeric (exact: no binary form in between). */
    private static String costText(BigDecimal cost) {
        return cost == null ? null : cost.toPlainString();
    }
}
