package dev.aigateway.config;

/**
 * How a provider's stored keys or deployments share a gateway's requests: {@code weighted} (smooth weighted round
 * robin: each member gets its weight's share, interleaved) or {@code least-in-flight} (the member with the fewest
 * requests in flight for its weight).
 */
public enum BalanceStrategy implements Spelled {
    WEIGHTED("weighted"),
    LEAST_IN_FLIGHT("least-in-flight");

    private final String spelling;

    BalanceStrategy(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    /** Reads {@code load-balancing.<provider>.strategy}. */
    public static final class Converter extends Spelled.Converter<BalanceStrategy> {
        public Converter() {
            super(values());
        }
    }
}
