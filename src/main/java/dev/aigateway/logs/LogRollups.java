package dev.aigateway.logs;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The per-minute, per-hour and per-day rollups ({@code request_log_rollups}, {@code …_hourly}, {@code …_daily}) of a
 * batch's rows, added in the batch's transaction: the rows summed in memory by (minute, hour or day, provider, model, status class,
 * cached), then multi-row upserts that add them to
 * what is there (counts, sums and histogram elements). Keys go in sorted order, so concurrent writers (replicas) lock
 * rollup rows in the same order: within a table by {@link #ORDER}, across tables days, then hours, then minutes,
 * whether the batch's upserts go as one statement or several (see {@link #add}). A gateway's rollup rows are only
 * written under its row counter's lock ({@link LogBatchStore}), which already keeps two batches of one gateway
 * apart; the order keeps any two statements that meet on these rows from deadlocking all the same.
 */
final class LogRollups {

    /** Rollup rows per upsert statement (15 parameters each). */
    private static final int PER_STATEMENT = 200;

    private LogRollups() {}

    /** The minute table and the hour table. */
    static final String MINUTES = "request_log_rollups";

    static final String HOURS = "request_log_rollups_hourly";

    static final String DAYS = "request_log_rollups_daily";

    record Key(Instant period, String provider, String model, int statusClass, boolean cached) {}

    static final Comparator<Key> ORDER = Comparator.comparing(Key::period)
            .thenComparing(Key::provider)
            .thenComparing(Key::model)
            .thenComparingInt(Key::statusClass)
            .thenComparing(Key::cached);

    /** One rollup row's sums. */
    static final class Sums {
        long requests;
        long errors;
        long tokensIn;
        long tokensOut;
        BigDecimal cost = BigDecimal.ZERO;
        long durationSum;
        final long[] latency = new long[LatencyHistogram.SIZE];
        long ttfbCount;
        final long[] ttfb = new long[LatencyHistogram.SIZE];

        void add(RequestLogEntity r) {
            requests++;
            errors += r.success ? 0 : 1;
            tokensIn += r.tokensIn == null ? 0 : r.tokensIn;
            tokensOut += r.tokensOut == null ? 0 : r.tokensOut;
            cost = r.cost == null ? cost : cost.add(r.cost);
            durationSum += r.durationMs;
            latency[LatencyHistogram.bucketOf(r.durationMs)]++;
            if (r.ttfbMs != null) {
                ttfbCount++;
                ttfb[LatencyHistogram.bucketOf(r.ttfbMs)]++;
            }
        }
    }

    static Map<Key, Sums> sum(List<RequestLogEntity> rows, ChronoUnit unit) {
        Map<Key, Sums> sums = new TreeMap<>(ORDER);
        for (RequestLogEntity r : rows) {
            Key key = new Key(
                    r.createdAt.truncatedTo(unit),
                    r.provider,
                    r.model == null ? "" : r.model,
                    Math.max(0, r.statusCode / 100),
                    r.cached);
            sums.computeIfAbsent(key, k -> new Sums()).add(r);
        }
        return sums;
    }

    /**
     * Adds the rows of one gateway to its minute, hour and day rollups (nothing when there are none): one statement
     * (the minute and hour upserts as data-modifying CTEs of the day upsert: one round trip per batch) when each
     * table's part fits {@link #PER_STATEMENT}, else a statement per part. PostgreSQL runs that one statement's
     * upserts days first, then the CTEs last-written first (hours, minutes: the main statement runs, then
     * {@code ExecPostprocessPlan} finishes the CTEs nothing reads, in reverse order), so the parts go in that order
     * too: a batch written in parts and one written in one statement lock their rows alike.
     */
    static Uni<Void> add(Mutiny.StatelessSession session, String gatewayId, List<RequestLogEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map.Entry<Key, Sums>> minutes =
                new ArrayList<>(sum(rows, ChronoUnit.MINUTES).entrySet());
        List<Map.Entry<Key, Sums>> hours =
                new ArrayList<>(sum(rows, ChronoUnit.HOURS).entrySet());
        List<Map.Entry<Key, Sums>> days =
                new ArrayList<>(sum(rows, ChronoUnit.DAYS).entrySet());
        if (minutes.size() <= PER_STATEMENT && hours.size() <= PER_STATEMENT && days.size() <= PER_STATEMENT) {
            StringBuilder sql = new StringBuilder("WITH m AS (");
            List<Object> args = new ArrayList<>();
            args.add(gatewayId);
            upsert(sql, args, MINUTES, minutes);
            sql.append("), h AS (");
            upsert(sql, args, HOURS, hours);
            sql.append(") ");
            upsert(sql, args, DAYS, days);
            return execute(session, sql, args);
        }
        return add(session, gatewayId, DAYS, days)
                .chain(() -> add(session, gatewayId, HOURS, hours))
                .chain(() -> add(session, gatewayId, MINUTES, minutes));
    }

    private static Uni<Void> add(
            Mutiny.StatelessSession session, String gatewayId, String table, List<Map.Entry<Key, Sums>> all) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < all.size(); from += PER_STATEMENT) {
            List<Map.Entry<Key, Sums>> part = all.subList(from, Math.min(all.size(), from + PER_STATEMENT));
            chain = chain.chain(() -> {
                StringBuilder sql = new StringBuilder();
                List<Object> args = new ArrayList<>();
                args.add(gatewayId);
                upsert(sql, args, table, part);
                return execute(session, sql, args);
            });
        }
        return chain;
    }

    private static Uni<Void> execute(Mutiny.StatelessSession session, StringBuilder sql, List<Object> args) {
        var q = session.createNativeQuery(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            q.setParameter(i + 1, args.get(i));
        }
        return q.executeUpdate().replaceWithVoid();
    }

    /** Appends one table's upsert of {@code part} to {@code sql}, its values to {@code args} (?1: the gateway). */
    private static void upsert(StringBuilder sql, List<Object> args, String table, List<Map.Entry<Key, Sums>> part) {
        sql.append("INSERT INTO " + table + " AS r (gateway_id, period, provider,"
                + " model, status_class, cached, requests, errors, tokens_in, tokens_out, cost, duration_ms_sum,"
                + " latency_hist, ttfb_count, ttfb_hist) VALUES ");
        for (int i = 0; i < part.size(); i++) {
            Key k = part.get(i).getKey();
            Sums s = part.get(i).getValue();
            int p = args.size();
            args.add(OffsetDateTime.ofInstant(k.period(), ZoneOffset.UTC));
            args.add(k.provider());
            args.add(k.model());
            args.add(s.cost);
            // numbers and arrays are ours (longs), written as literals; strings and the time are bound
            sql.append(i == 0 ? "" : ", ")
                    .append("(?1, ?")
                    .append(p + 1)
                    .append(", ?")
                    .append(p + 2)
                    .append(", ?")
                    .append(p + 3)
                    .append(", ")
                    .append(k.statusClass())
                    .append(", ")
                    .append(k.cached())
                    .append(", ")
                    .append(s.requests)
                    .append(", ")
                    .append(s.errors)
                    .append(", ")
                    .append(s.tokensIn)
                    .append(", ")
                    .append(s.tokensOut)
                    .append(", ?")
                    .append(p + 4)
                    .append(", ")
                    .append(s.durationSum)
                    .append(", ")
                    .append(LatencyHistogram.sqlArray(s.latency))
                    .append(", ")
                    .append(s.ttfbCount)
                    .append(", ")
                    .append(LatencyHistogram.sqlArray(s.ttfb))
                    .append(')');
        }
        sql.append(" ON CONFLICT (gateway_id, period, provider, model, status_class, cached) DO UPDATE SET"
                + " requests = r.requests + EXCLUDED.requests, errors = r.errors + EXCLUDED.errors,"
                + " tokens_in = r.tokens_in + EXCLUDED.tokens_in, tokens_out = r.tokens_out + EXCLUDED.tokens_out,"
                + " cost = r.cost + EXCLUDED.cost, duration_ms_sum = r.duration_ms_sum + EXCLUDED.duration_ms_sum,"
                + " latency_hist = " + merged("latency_hist") + ", ttfb_count = r.ttfb_count + EXCLUDED.ttfb_count,"
                + " ttfb_hist = " + merged("ttfb_hist"));
    }

    /** The element-wise sum of a stored histogram and the excluded (new) one. */
    private static String merged(String column) {
        return "(SELECT array_agg(coalesce(a, 0) + coalesce(b, 0) ORDER BY i) FROM unnest(r." + column + ", EXCLUDED."
                + column + ") WITH ORDINALITY AS h(a, b, i))";
    }
}
