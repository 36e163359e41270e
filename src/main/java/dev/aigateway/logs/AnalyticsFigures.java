package dev.aigateway.logs;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;

/**
 * The figures of one analytics cell (a bucket, a group, or the totals): counts and sums added from query rows, and the
 * latency histograms their percentiles come from ({@link LatencyHistogram}).
 */
final class AnalyticsFigures {

    static final String[] STATUS = {"other", "2xx", "3xx", "4xx", "5xx"};

    long requests;
    long errors;
    final long[] status = new long[STATUS.length];
    long tokensIn;
    long tokensOut;
    BigDecimal cost = BigDecimal.ZERO;
    long cached;
    long durationSum;
    final long[] latency = new long[LatencyHistogram.SIZE];
    final long[] ttfb = new long[LatencyHistogram.SIZE];

    /** Adds a sums row ({@link LogAnalytics}'s column names). */
    void addSums(Row r) {
        requests += r.getLong("requests");
        errors += r.getLong("errors");
        for (int i = 0; i < STATUS.length; i++) {
            status[i] += r.getLong("s" + i);
        }
        tokensIn += r.getLong("tokens_in");
        tokensOut += r.getLong("tokens_out");
        BigDecimal c = r.getBigDecimal("cost");
        cost = c == null ? cost : cost.add(c);
        cached += r.getLong("cached");
        durationSum += r.getLong("duration_sum");
    }

    /** Adds one histogram element's counts ({@code i} is 1-based, as SQL arrays and {@code width_bucket}). */
    void addHistogram(int i, long latencyCount, long ttfbCount) {
        int b = Math.max(0, Math.min(LatencyHistogram.SIZE - 1, i - 1));
        latency[b] += latencyCount;
        ttfb[b] += ttfbCount;
    }

    void add(AnalyticsFigures o) {
        requests += o.requests;
        errors += o.errors;
        for (int i = 0; i < STATUS.length; i++) {
            status[i] += o.status[i];
        }
        tokensIn += o.tokensIn;
        tokensOut += o.tokensOut;
        cost = cost.add(o.cost);
        cached += o.cached;
        durationSum += o.durationSum;
        for (int i = 0; i < LatencyHistogram.SIZE; i++) {
            latency[i] += o.latency[i];
            ttfb[i] += o.ttfb[i];
        }
    }

    JsonObject toJson() {
        JsonObject byStatus = new JsonObject();
        for (int i = 1; i < STATUS.length; i++) {
            byStatus.put(STATUS[i], status[i]);
        }
        byStatus.put(STATUS[0], status[0]);
        return new JsonObject()
                .put("requests", requests)
                .put("errors", errors)
                .put("status", byStatus)
                .put("tokens_in", tokensIn)
                .put("tokens_out", tokensOut)
                .put("cost", cost.doubleValue())
                .put("cached", cached)
                .put("cache_hit_ratio", requests == 0 ? 0.0 : (double) cached / requests)
                .put("latency_avg_ms", requests == 0 ? null : durationSum / requests)
                .put("latency_p50_ms", LatencyHistogram.percentile(latency, 0.5))
                .put("latency_p95_ms", LatencyHistogram.percentile(latency, 0.95))
                .put("ttft_p50_ms", LatencyHistogram.percentile(ttfb, 0.5))
                .put("ttft_p95_ms", LatencyHistogram.percentile(ttfb, 0.95));
    }
}
