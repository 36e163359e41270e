package dev.aigateway.logs;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One analytics request: a gateway (or all), a time range {@code [from, to)} in whole minutes, a bucket width and an optional grouping
 * (provider, model, status class, or a metadata key — the last read from the raw rows, so its range is bounded).
 */
public record AnalyticsQuery(Optional<String> gatewayId, Instant from, Instant to, Bucket bucket, GroupBy groupBy) {

    /** Most buckets one answer may hold. */
    public static final int MAX_BUCKETS = 5_000;
    /** Longest range grouped by a metadata key (those read raw rows). */
    public static final Duration MAX_RAW_RANGE = Duration.ofDays(31);
    /** Longest range of any query. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public enum Bucket {
        MINUTE(Duration.ofMinutes(1), "1 minute"),
        HOUR(Duration.ofHours(1), "1 hour"),
        DAY(Duration.ofDays(1), "1 day");

        final Duration width;
        final String sql;

        Bucket(Duration width, String sql) {
            this.width = width;
            this.sql = sql;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The bucket for a range when none is asked: at most a few hundred points. */
        static Bucket auto(Duration range) {
            if (range.compareTo(Duration.ofHours(6)) <= 0) {
                return MINUTE;
            }
            return range.compareTo(Duration.ofDays(7)) <= 0 ? HOUR : DAY;
        }
    }

    /** A grouping: a rollup column, or a metadata key ({@code metadata.<key>}). */
    public record GroupBy(String kind, String metadataKey) {
        public static final GroupBy NONE = new GroupBy("none", null);

        public boolean raw() {
            return metadataKey != null;
        }

        public String label() {
            return raw() ? "metadata." + metadataKey : kind;
        }
    }

    /** Thrown for parameters that cannot be answered: a 400 for the caller. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Parses the API's parameters: {@code from}/{@code to} as ISO-8601 instants or epoch seconds (default the last
     * 24 hours), {@code bucket} minute/hour/day (default by range), {@code group_by}.
     */
    public static AnalyticsQuery parse(
            Optional<String> gatewayId, String from, String to, String bucket, String groupBy, Instant now) {
        // whole minutes, as the rollups: the minute of "to" is included
        Instant end = minuteCeiling(instant(to, "to").orElse(now));
        Instant start = instant(from, "from")
                .orElse(end.minus(Duration.ofDays(1)))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        if (!start.isBefore(end)) {
            throw new Invalid("from must be before to");
        }
        Duration range = Duration.between(start, end);
        if (range.compareTo(MAX_RANGE) > 0) {
            throw new Invalid("The range may span at most " + MAX_RANGE.toDays() + " days");
        }
        Bucket b;
        if (bucket == null || bucket.isBlank()) {
            b = Bucket.auto(range);
        } else {
            try {
                b = Bucket.valueOf(bucket.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Invalid("bucket must be minute, hour or day");
            }
        }
        if (range.dividedBy(b.width) >= MAX_BUCKETS) {
            throw new Invalid(
                    "Too many buckets (at most " + MAX_BUCKETS + "): choose a wider bucket or a shorter range");
        }
        GroupBy g = groupBy(groupBy);
        if (g.raw() && range.compareTo(MAX_RAW_RANGE) > 0) {
            throw new Invalid("group_by=metadata.<key> spans at most " + MAX_RAW_RANGE.toDays() + " days");
        }
        return new AnalyticsQuery(gatewayId, start, end, b, g);
    }

    private static Instant minuteCeiling(Instant t) {
        Instant down = t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return down.equals(t) ? t : down.plus(Duration.ofMinutes(1));
    }

    private static GroupBy groupBy(String value) {
        if (value == null || value.isBlank()) {
            return GroupBy.NONE;
        }
        String v = value.strip();
        if (v.startsWith("metadata.")) {
            String key = v.substring("metadata.".length());
            if (!METADATA_KEY.matcher(key).matches()) {
                throw new Invalid("group_by metadata key must be 1-64 letters, digits, '_', '.', ':' or '-'");
            }
            return new GroupBy("metadata", key);
        }
        return switch (v) {
            case "provider", "model", "status" -> new GroupBy(v, null);
            default -> throw new Invalid("group_by must be provider, model, status or metadata.<key>");
        };
    }

    private static Optional<Instant> instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit) && v.length() <= 12) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
            }
            return Optional.of(Instant.parse(v));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new Invalid(name + " must be an ISO-8601 time (2026-01-31T12:00:00Z) or epoch seconds");
        }
    }
}
