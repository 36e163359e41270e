package dev.aigateway.config;

/** What happens when a gateway's stored log rows reach {@code log-management} (Cloudflare's words). */
public enum LogManagementStrategy implements Spelled {
    /** New rows are dropped. */
    STOP_INSERTING("STOP_INSERTING"),
    /** The oldest rows make room. */
    DELETE_OLDEST("DELETE_OLDEST");

    private final String spelling;

    LogManagementStrategy(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code log-management-strategy}. */
    public static final class Converter extends Spelled.Converter<LogManagementStrategy> {
        public Converter() {
            super(values());
        }
    }
}
