package dev.aigateway.logs;

import java.util.List;

/**
 * Which of one gateway's logs a list or a delete is about, checked and turned into SQL by {@link LogQuery}: the WHERE
 * clause (its first argument, {@code $1}, is the gateway id) and the ORDER BY.
 */
public record LogSelection(String gatewayId, LogQuery.Where where, String orderBy) {

    /**
     * @param orderKey {@code order_by} (null: {@code created_at})
     * @param direction {@code asc} or {@code desc} (null: {@code desc})
     * @param forDelete deletes may also sort by cost, tokens, duration and feedback
     * @throws LogQuery.Invalid for a value that does not fit its filter, or an unknown sort key or direction
     */
    public static LogSelection of(
            String gatewayId,
            List<LogFilter> filters,
            String search,
            String orderKey,
            String direction,
            boolean forDelete) {
        return new LogSelection(
                gatewayId,
                LogQuery.where(gatewayId, filters, search),
                LogQuery.orderBy(orderKey, direction, forDelete));
    }
}
