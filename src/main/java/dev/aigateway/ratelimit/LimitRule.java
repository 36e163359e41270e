package dev.aigateway.ratelimit;

import dev.aigateway.config.LimitUnit;
import dev.aigateway.config.RateLimitTechnique;
import java.util.Locale;

/**
 * One limit of a gateway: at most {@code limit} requests (or tokens) per {@code intervalMillis} for each value of an
 * identifier. A plain value: built from a gateway's settings (config or management API) by {@code gateway}, read
 * by the limiter.
 *
 * @param name rule name, part of the Redis key ({@code gateway} for the gateway-wide Cloudflare limit)
 * @param identifier whose usage is counted
 * @param sliding trailing interval instead of clock-aligned windows
 * @param tokens counts tokens instead of requests
 * @param spend counts money (nano-dollars) for a spend limit ({@link SpendRule}): reserved up front, settled with
 *     the response's real cost
 */
public record LimitRule(
        String name,
        Identifier identifier,
        long limit,
        long intervalMillis,
        boolean sliding,
        boolean tokens,
        boolean spend) {

    /** A request or token rule. */
    public LimitRule(
            String name, Identifier identifier, long limit, long intervalMillis, boolean sliding, boolean tokens) {
        this(name, identifier, limit, intervalMillis, sliding, tokens, false);
    }

    /** The Cloudflare gateway setting: every request of the gateway counts. */
    public static final String GATEWAY_RULE = "gateway";

    /** Where the identifier comes from. */
    public enum Source {
        GATEWAY,
        HEADER,
        METADATA,
        CREDENTIAL,
        TOKEN,
        IP
    }

    /** A source and, for headers and metadata, the header name or metadata key. */
    public record Identifier(Source source, String name) {

        /** Parses {@code header:x-user-id}, {@code metadata:user}, {@code credential}, {@code token}, {@code ip}. */
        public static Identifier parse(String spec) {
            String s = spec.strip();
            int colon = s.indexOf(':');
            String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
            String arg = colon < 0 ? "" : s.substring(colon + 1).strip();
            Source source =
                    switch (kind) {
                        case "gateway" -> Source.GATEWAY;
                        case "header" -> Source.HEADER;
                        case "metadata" -> Source.METADATA;
                        case "credential" -> Source.CREDENTIAL;
                        case "token" -> Source.TOKEN;
                        case "ip" -> Source.IP;
                        default ->
                            throw new IllegalArgumentException("unknown identifier source '" + kind
                                    + "' (use header:<name>, metadata:<key>, credential, token, ip or gateway)");
                    };
            boolean needsArg = source == Source.HEADER || source == Source.METADATA;
            if (needsArg == arg.isEmpty()) {
                throw new IllegalArgumentException(
                        needsArg ? kind + " needs a name, e.g. " + kind + ":user" : kind + " takes no name");
            }
            return new Identifier(source, source == Source.HEADER ? arg.toLowerCase(Locale.ROOT) : arg);
        }
    }

    /** Builds and checks a rule; messages name the offending field (the caller adds the setting's path). */
    public static LimitRule of(
            String name,
            String identifier,
            long limit,
            long intervalSeconds,
            RateLimitTechnique technique,
            LimitUnit unit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0");
        }
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("interval must be > 0 seconds");
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("rule names use letters, digits, '_', '.', '-' (at most 64)");
        }
        return new LimitRule(
                name,
                Identifier.parse(identifier),
                limit,
                intervalSeconds * 1000,
                technique == RateLimitTechnique.SLIDING,
                unit == LimitUnit.TOKENS);
    }
}
