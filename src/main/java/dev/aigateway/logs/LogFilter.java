package dev.aigateway.logs;

import java.util.List;

/**
 * One condition of a Logs API query: a key from {@link LogQuery}'s fixed list (or {@code metadata.key} /
 * {@code metadata.value}), an operator ({@code eq neq contains lt gt}, and {@code lte gte} from the legacy min/max
 * parameters) and the values it matches, any of which may match.
 */
public record LogFilter(String key, String operator, List<String> values) {

    public LogFilter {
        values = List.copyOf(values);
    }
}
