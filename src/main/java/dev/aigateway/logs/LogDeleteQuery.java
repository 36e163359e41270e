package dev.aigateway.logs;

/** A Logs API delete by filter: the rows selected, at most {@code limit} of them (up to {@value #MAX_LIMIT}). */
public record LogDeleteQuery(LogSelection selection, int limit) {

    public static final int MAX_LIMIT = 100_000;

    public LogDeleteQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new LogQuery.Invalid("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
