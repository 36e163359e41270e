package dev.aigateway.logs;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The fixed latency buckets of the analytics rollups (milliseconds, about 25 % apart): bucket {@code i} holds the
 * values above {@code BOUNDS[i-1]} up to {@code BOUNDS[i]}; the last one everything beyond. Rollups store one count
 * per bucket ({@code integer[]}, element {@code i+1} in SQL for bucket {@code i}), so percentiles of any range are
 * computed from summed counts: the nearest-rank percentile's bucket, reported as that bucket's upper bound.
 */
public final class LatencyHistogram {

    /** Upper bounds (inclusive) in milliseconds; the last bucket is open (reported as the bound before it). */
    static final int[] BOUNDS = {
        1,
        2,
        3,
        4,
        5,
        6,
        8,
        10,
        12,
        15,
        20,
        25,
        30,
        40,
        50,
        60,
        80,
        100,
        120,
        150,
        200,
        250,
        300,
        400,
        500,
        600,
        800,
        1000,
        1200,
        1500,
        2000,
        2500,
        3000,
        4000,
        5000,
        6000,
        8000,
        10000,
        12000,
        15000,
        20000,
        25000,
        30000,
        40000,
        50000,
        60000,
        80000,
        100000,
        120000,
        150000,
        200000,
        300000,
        600000,
        Integer.MAX_VALUE
    };

    public static final int SIZE = BOUNDS.length;

    private LatencyHistogram() {}

    /** The bucket of a latency. */
    public static int bucketOf(long ms) {
        int i = Arrays.binarySearch(BOUNDS, (int) Math.max(0, Math.min(ms, Integer.MAX_VALUE)));
        return i >= 0 ? i : -i - 1;
    }

    /** The value reported for a bucket: its upper bound (the open last bucket: the bound before it). */
    public static int reported(int bucket) {
        return bucket >= SIZE - 1 ? BOUNDS[SIZE - 2] : BOUNDS[bucket];
    }

    /** The nearest-rank {@code q} percentile (0 < q <= 1) of the counts, as {@link #reported}; null when empty. */
    public static Integer percentile(long[] counts, double q) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return reported(i);
            }
        }
        return reported(counts.length - 1);
    }

    /** An SQL array literal of the counts ({@code '{0,3,...}'}): numbers only. */
    static String sqlArray(long[] counts) {
        return Arrays.stream(counts).mapToObj(Long::toString).collect(Collectors.joining(",", "'{", "}'::integer[]"));
    }

    /**
     * The buckets' lower bounds as an SQL array, for {@code width_bucket(ms, …)}: it answers {@code i + 1} for bucket
     * {@code i}, the element number the rollups use.
     */
    static String sqlLowerBounds() {
        StringBuilder b = new StringBuilder("ARRAY[").append(Integer.MIN_VALUE);
        for (int i = 0; i < SIZE - 1; i++) {
            b.append(',').append(BOUNDS[i] + 1);
        }
        return b.append(']').toString();
    }
}
