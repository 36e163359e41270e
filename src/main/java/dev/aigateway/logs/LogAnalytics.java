package dev.aigateway.logs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analytics API's reads: time-bucketed figures from the rollups (whole days of a day-bucketed range from
 * {@code request_log_rollups_daily}, whole hours from {@code …_hourly}, the edges and minute buckets from
 * {@code request_log_rollups}), or, to
 * group by a metadata key, from the raw rows over a bounded range ({@link AnalyticsQuery#MAX_RAW_RANGE}). Two
 * statements per answer: the sums per (bucket, group), and the latency histograms per (bucket, group, element), whose
 * sums give p50/p95 of any cell and of the totals. Buckets are aligned on UTC ({@code date_bin}); empty buckets are
 * left out.
 */
@Singleton
public class LogAnalytics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ORIGIN = "TIMESTAMPTZ '2000-01-03 00:00:00+00'";
    private static final String NONE = "\u0000";

    private final PgPool db;

    public LogAnalytics(PgPool db) {
        this.db = db;
    }

    public Uni<JsonObject> figures(AnalyticsQuery q) {
        List<Object> args = new ArrayList<>();
        args.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        args.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        String sums;
        String histograms;
        if (q.groupBy().raw()) {
            q.gatewayId().ifPresent(args::add);
            String where = q.gatewayId().isPresent() ? " AND gateway_id = $3" : "";
            args.add(q.groupBy().metadataKey());
            sums = rawSums(q, where, args.size());
            histograms = rawHistograms(q, where, args.size());
        } else {
            // whole days (day buckets) from the daily table, whole hours from the hourly one, the edges from minutes
            Instant h1 = ceiling(q.from(), ChronoUnit.HOURS);
            Instant h2 = q.to().truncatedTo(ChronoUnit.HOURS);
            Instant d1 = ceiling(q.from(), ChronoUnit.DAYS);
            Instant d2 = q.to().truncatedTo(ChronoUnit.DAYS);
            if (q.bucket() == AnalyticsQuery.Bucket.MINUTE || !h1.isBefore(h2)) {
                h1 = q.from();
                h2 = q.from();
            }
            if (q.bucket() != AnalyticsQuery.Bucket.DAY || !d1.isBefore(d2) || !h1.isBefore(h2)) {
                d1 = h1;
                d2 = h1;
            }
            for (Instant t : List.of(h1, h2, d1, d2)) {
                args.add(OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            }
            q.gatewayId().ifPresent(args::add);
            String source = rollups(q.gatewayId().isPresent() ? " AND gateway_id = $7" : "");
            sums = rollupSums(q, source);
            histograms = rollupHistograms(q, source);
        }
        Tuple tuple = Tuple.from(args);
        return db.preparedQuery(sums)
                .execute(tuple)
                .chain(s -> db.preparedQuery(histograms).execute(tuple).map(h -> answer(q, s, h)))
                .ifNoItem()
                .after(TIMEOUT)
                .fail();
    }

    private static Instant ceiling(Instant t, ChronoUnit unit) {
        Instant down = t.truncatedTo(unit);
        return down.equals(t) ? t : down.plus(unit.getDuration());
    }

    /**
     * The rollup rows of [$1, $2): days [$5, $6) from the daily table, the rest of hours [$3, $4) from the hourly one,
     * the rest from the minute table. Every part is one plain range ([$1, $3) and [$4, $2) of minutes, [$3, $5) and
     * [$6, $4) of hours): the pool's prepared statements end up on PostgreSQL's generic plan, which for a range with an
     * OR inside it scanned all of the range's minute rows (seconds on ten million requests) instead of its edges.
     */
    static String rollups(String where) {
        return "(" + part(LogRollups.MINUTES, "$1", "least($3::timestamptz, $2::timestamptz)", where)
                + " UNION ALL " + part(LogRollups.MINUTES, "greatest($4::timestamptz, $1::timestamptz)", "$2", where)
                + " UNION ALL " + part(LogRollups.HOURS, "$3", "least($5::timestamptz, $4::timestamptz)", where)
                + " UNION ALL " + part(LogRollups.HOURS, "greatest($6::timestamptz, $3::timestamptz)", "$4", where)
                + " UNION ALL " + part(LogRollups.DAYS, "$5", "$6", where) + ") r";
    }

    private static String part(String table, String from, String to, String where) {
        return "SELECT * FROM " + table + " WHERE period >= " + from + " AND period < " + to + where;
    }

    private static String bucket(AnalyticsQuery q, String column) {
        return "date_bin('" + q.bucket().sql + "', " + column + ", " + ORIGIN + ")";
    }

    private static String rollupGroup(AnalyticsQuery q) {
        return switch (q.groupBy().kind()) {
            case "provider" -> "provider";
            case "model" -> "model";
            case "status" -> "CASE WHEN status_class BETWEEN 2 AND 5 THEN status_class || 'xx' ELSE 'other' END";
            default -> "''";
        };
    }

    static String rollupSums(AnalyticsQuery q, String source) {
        return "SELECT " + bucket(q, "period") + " AS t, " + rollupGroup(q) + " AS g,"
                + " sum(requests)::bigint AS requests, sum(errors)::bigint AS errors,"
                + " coalesce(sum(requests) FILTER (WHERE status_class NOT BETWEEN 2 AND 5), 0)::bigint AS s0,"
                + " coalesce(sum(requests) FILTER (WHERE status_class = 2), 0)::bigint AS s1,"
                + " coalesce(sum(requests) FILTER (WHERE status_class = 3), 0)::bigint AS s2,"
                + " coalesce(sum(requests) FILTER (WHERE status_class = 4), 0)::bigint AS s3,"
                + " coalesce(sum(requests) FILTER (WHERE status_class = 5), 0)::bigint AS s4,"
                + " sum(tokens_in)::bigint AS tokens_in, sum(tokens_out)::bigint AS tokens_out, sum(cost) AS cost,"
                + " coalesce(sum(requests) FILTER (WHERE cached), 0)::bigint AS cached,"
                + " sum(duration_ms_sum)::bigint AS duration_sum"
                + " FROM " + source + " GROUP BY 1, 2";
    }

    static String rollupHistograms(AnalyticsQuery q, String source) {
        return "SELECT " + bucket(q, "r.period") + " AS t, " + rollupGroup(q) + " AS g, h.i::int AS i,"
                + " sum(h.l)::bigint AS l, sum(h.f)::bigint AS f FROM " + source + ","
                + " unnest(r.latency_hist, r.ttfb_hist) WITH ORDINALITY AS h(l, f, i)"
                + " WHERE h.l > 0 OR h.f > 0 GROUP BY 1, 2, 3";
    }

    static String rawSums(AnalyticsQuery q, String where, int keyArg) {
        return "SELECT " + bucket(q, "created_at") + " AS t, metadata ->> $" + keyArg + " AS g,"
                + " count(*) AS requests, count(*) FILTER (WHERE NOT success) AS errors,"
                + " count(*) FILTER (WHERE status_code / 100 NOT BETWEEN 2 AND 5) AS s0,"
                + " count(*) FILTER (WHERE status_code / 100 = 2) AS s1,"
                + " count(*) FILTER (WHERE status_code / 100 = 3) AS s2,"
                + " count(*) FILTER (WHERE status_code / 100 = 4) AS s3,"
                + " count(*) FILTER (WHERE status_code / 100 = 5) AS s4,"
                + " coalesce(sum(tokens_in), 0)::bigint AS tokens_in,"
                + " coalesce(sum(tokens_out), 0)::bigint AS tokens_out, sum(cost) AS cost,"
                + " count(*) FILTER (WHERE cached) AS cached, sum(duration_ms)::bigint AS duration_sum"
                + " FROM request_logs WHERE created_at >= $1 AND created_at < $2" + where + " GROUP BY 1, 2";
    }

    static String rawHistograms(AnalyticsQuery q, String where, int keyArg) {
        String from = " FROM request_logs WHERE created_at >= $1 AND created_at < $2" + where;
        String head = "SELECT " + bucket(q, "created_at") + " AS t, metadata ->> $" + keyArg + " AS g, ";
        return head + "width_bucket(duration_ms, " + LatencyHistogram.sqlLowerBounds() + ") AS i,"
                + " count(*) AS l, 0::bigint AS f" + from + " GROUP BY 1, 2, 3"
                + " UNION ALL " + head + "width_bucket(ttfb_ms, " + LatencyHistogram.sqlLowerBounds() + ") AS i,"
                + " 0::bigint AS l, count(*) AS f" + from + " AND ttfb_ms IS NOT NULL GROUP BY 1, 2, 3";
    }

    private record Cell(Instant time, String group) {}

    private static JsonObject answer(AnalyticsQuery q, RowSet<Row> sums, RowSet<Row> histograms) {
        Map<Cell, AnalyticsFigures> cells =
                new TreeMap<>(Comparator.comparing(Cell::time).thenComparing(Cell::group));
        for (Row r : sums) {
            cells.computeIfAbsent(cell(r), c -> new AnalyticsFigures()).addSums(r);
        }
        for (Row r : histograms) {
            cells.computeIfAbsent(cell(r), c -> new AnalyticsFigures())
                    .addHistogram(r.getInteger("i"), r.getLong("l"), r.getLong("f"));
        }
        boolean grouped = !q.groupBy().equals(AnalyticsQuery.GroupBy.NONE);
        AnalyticsFigures totals = new AnalyticsFigures();
        Map<String, AnalyticsFigures> groups = new LinkedHashMap<>();
        JsonArray series = new JsonArray();
        cells.forEach((cell, f) -> {
            totals.add(f);
            groups.computeIfAbsent(cell.group(), g -> new AnalyticsFigures()).add(f);
            JsonObject point = new JsonObject().put("time", cell.time().toString());
            if (grouped) {
                point.put("group", label(cell.group()));
            }
            series.add(point.mergeIn(f.toJson()));
        });
        JsonObject result = new JsonObject()
                .put("gateway_id", q.gatewayId().orElse(null))
                .put("from", q.from().toString())
                .put("to", q.to().toString())
                .put("bucket", q.bucket().label())
                .put("group_by", grouped ? q.groupBy().label() : null)
                .put("totals", totals.toJson())
                .put("series", series);
        if (grouped) {
            JsonArray byGroup = new JsonArray();
            groups.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, AnalyticsFigures> e) -> -e.getValue().requests)
                            .thenComparing(Map.Entry::getKey))
                    .forEach(e -> byGroup.add(new JsonObject()
                            .put("group", label(e.getKey()))
                            .mergeIn(e.getValue().toJson())));
            result.put("groups", byGroup);
        }
        return result;
    }

    private static Cell cell(Row r) {
        String g = r.getString("g");
        return new Cell(r.getOffsetDateTime("t").toInstant(), g == null ? NONE : g);
    }

    private static String label(String group) {
        return NONE.equals(group) ? null : group;
    }
}
