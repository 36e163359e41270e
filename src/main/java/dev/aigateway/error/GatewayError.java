package dev.aigateway.error;

/**
 * Errors the gateway itself produces, with Cloudflare's codes where Cloudflare has one and our own (21xx) where it
 * has none.
 */
public enum GatewayError {
    GATEWAY_NOT_FOUND(400, 2001),
    RATE_LIMITED(429, 2003),
    UPSTREAM_UNREACHABLE(502, 2005),
    INVALID_PROVIDER(400, 2008),
    /** A unified-API ({@code /compat}) model without its {@code {provider}/} prefix. */
    MISSING_PROVIDER_PREFIX(400, 2019),
    UNAUTHORIZED(401, 2009),
    BYOK_ALIAS_NOT_FOUND(400, 2040),
    /** Over a spend limit's budget (Cloudflare's code). */
    SPEND_LIMITED(429, 2041),
    INVALID_PROVIDER_PATH(400, 2100),
    REQUEST_TOO_LARGE(413, 2101),
    UPSTREAM_TIMEOUT(504, 2102),
    BAD_REQUEST(400, 2103),
    NO_ROUTE(404, 2104),
    LIMITER_UNAVAILABLE(503, 2105),
    PROVIDER_CIRCUIT_OPEN(503, 2106),
    INVALID_UNIVERSAL_REQUEST(400, 2107),
    /** A unified-API request to a provider it cannot translate to. */
    UNSUPPORTED_COMPAT_TARGET(400, 2108),
    /** {@code model: "dynamic/<route>"} names no route of the gateway. */
    ROUTE_NOT_FOUND(404, 2120),
    /** A dynamic route ended without a model element answering. */
    ROUTE_ENDED(502, 2121),
    /** A spend limit with {@code unknown_price: refuse} and a request whose price the catalogue lacks. */
    SPEND_PRICE_UNKNOWN(403, 2122),
    /** A stored credential could not be turned into what the provider takes (token endpoint refused, bad key). */
    CREDENTIAL_FAILED(502, 2130),
    /** The token endpoint did not answer in time. */
    CREDENTIAL_TIMEOUT(504, 2131),
    INTERNAL(500, 2199);

    private final int httpStatus;
    private final int code;

    GatewayError(int httpStatus, int code) {
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }
}
