package dev.aigateway.routing;

import dev.aigateway.config.Backoff;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.gateway.GatewaySettingsMapper;
import dev.aigateway.gateway.HeaderNumbers;
import io.vertx.core.MultiMap;

/**
 * The attempts one upstream call may make, resolved from (in order of precedence) a Universal step's headers, the
 * request's {@code cf-aig-*} headers and the gateway's settings. Limits follow Cloudflare (the bounds of the gateway
 * fields, {@link GatewaySettingsMapper}): at most 5 attempts, at most 5000 ms base delay; larger values are clamped,
 * unreadable ones ignored.
 *
 * @param maxAttempts 1 to 5
 * @param delayMillis base delay between attempts, 0 to 5000
 * @param requestTimeoutMillis time until the first byte of each attempt's response; 0 means the provider's default
 */
public record RetryPolicy(int maxAttempts, long delayMillis, Backoff backoff, long requestTimeoutMillis) {

    public static final String REQUEST_TIMEOUT = "cf-aig-request-timeout";
    public static final String MAX_ATTEMPTS = "cf-aig-max-attempts";
    public static final String RETRY_DELAY = "cf-aig-retry-delay";
    public static final String BACKOFF = "cf-aig-backoff";

    public RetryPolicy {
        maxAttempts = (int) GatewaySettingsMapper.RETRY_ATTEMPTS.clamp(maxAttempts);
        delayMillis = GatewaySettingsMapper.RETRY_DELAY_MILLIS.clamp(delayMillis);
        requestTimeoutMillis = Math.max(0, requestTimeoutMillis);
    }

    /** The policy for a request with these (already merged) headers on this gateway. */
    public static RetryPolicy of(GatewaySettings gateway, MultiMap headers) {
        long attempts = number(headers.get(MAX_ATTEMPTS), gateway.retryMaxAttempts());
        long delay = number(headers.get(RETRY_DELAY), gateway.retryDelay());
        String backoffHeader = headers.get(BACKOFF);
        Backoff backoff = backoffHeader == null
                ? gateway.retryBackoff() // (nothing to parse: most requests)
                : Backoff.parse(backoffHeader).orElse(gateway.retryBackoff());
        long timeout = number(headers.get(REQUEST_TIMEOUT), 0);
        return new RetryPolicy((int) GatewaySettingsMapper.RETRY_ATTEMPTS.clamp(attempts), delay, backoff, timeout);
    }

    /** Wait before retry number {@code retry} (1-based), before any {@code Retry-After} the provider asked for. */
    public long delayBefore(int retry) {
        return backoff.delayMillis(delayMillis, retry);
    }

    private static long number(String value, long fallback) {
        return value == null ? fallback : HeaderNumbers.nonNegative(value).orElse(fallback);
    }
}
