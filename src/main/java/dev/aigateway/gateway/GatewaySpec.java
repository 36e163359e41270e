package dev.aigateway.gateway;

import dev.aigateway.ratelimit.LimitRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A gateway as Cloudflare's management API shows it (spec §11): parsed and validated from a create/update body,
 * stored as JSON in PostgreSQL, turned into the {@link GatewaySettings} the proxy uses. Gateway tokens (our
 * extension: {@code tokens}, write-only) are kept only as SHA-256 digests and never shown.
 */
public record GatewaySpec(
        String id,
        boolean cacheInvalidateOnUpdate,
        Integer cacheTtl,
        boolean collectLogs,
        Integer rateLimitingInterval,
        Integer rateLimitingLimit,
        String rateLimitingTechnique,
        boolean authentication,
        Long logManagement,
        String logManagementStrategy,
        boolean logpush,
        boolean zdr,
        int retryMaxAttempts,
        int retryDelay,
        String retryBackoff,
        List<String> tokenDigests) {

    /** API-created ids: lowercase letters, digits, {@code -} and {@code _}, starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static final Set<String> TECHNIQUES = Set.of("fixed", "sliding");
    private static final Set<String> STRATEGIES = Set.of("STOP_INSERTING", "DELETE_OLDEST");
    private static final Set<String> BACKOFFS = Set.of("constant", "linear", "exponential");

    /** A field with a wrong type or value; the message names the field and never echoes a token. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Reads a create ({@code previous == null}) or full-update body. Omitted fields take Cloudflare's defaults;
     * omitted {@code tokens} keep the previous tokens on update.
     */
    public static GatewaySpec parse(String id, JsonObject body, GatewaySpec previous) {
        List<String> digests = previous == null ? List.of() : previous.tokenDigests();
        if (body.getValue("tokens") != null) {
            digests = tokens(body.getValue("tokens"));
        }
        GatewaySpec spec = of(id, body, digests);
        if (spec.authentication() && digests.isEmpty()) {
            // Such a gateway would answer 401 to every request: nothing could ever authenticate.
            throw new Invalid("authentication: true needs at least one gateway token: set tokens (a list of"
                    + " strings) in the same request, or leave authentication off");
        }
        return spec;
    }

    /** The API fields of {@code body} (unknown ones ignored) with the given token digests. */
    private static GatewaySpec of(String id, JsonObject body, List<String> digests) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new Invalid("id must be 1-64 characters: lowercase letters, digits, '-' or '_'");
        }
        return new GatewaySpec(
                id,
                bool(body, "cache_invalidate_on_update", false),
                integer(body, "cache_ttl", 0, Integer.MAX_VALUE),
                bool(body, "collect_logs", true),
                integer(body, "rate_limiting_interval", 0, Integer.MAX_VALUE),
                integer(body, "rate_limiting_limit", 0, Integer.MAX_VALUE),
                string(body, "rate_limiting_technique", "fixed", TECHNIQUES, true),
                bool(body, "authentication", !digests.isEmpty()),
                longValue(body, "log_management", 1, 10_000_000),
                string(body, "log_management_strategy", null, STRATEGIES, false),
                bool(body, "logpush", false),
                bool(body, "zdr", false),
                Optional.ofNullable(integer(body, "retry_max_attempts", 1, 5)).orElse(1),
                Optional.ofNullable(integer(body, "retry_delay", 0, 5000)).orElse(0),
                string(body, "retry_backoff", "constant", BACKOFFS, true),
                digests);
    }

    /** How a gateway declared in config looks through the API (its tokens and stored keys are not shown). */
    public static GatewaySpec of(GatewaySettings s) {
        return new GatewaySpec(
                s.id(),
                false,
                s.cacheTtl().isPresent() ? s.cacheTtl().getAsInt() : null,
                s.collectLogs(),
                s.rateLimitingInterval().isPresent() ? s.rateLimitingInterval().getAsInt() : null,
                s.rateLimitingLimit().isPresent() ? s.rateLimitingLimit().getAsInt() : null,
                s.rateLimitingTechnique(),
                s.authentication(),
                s.logManagement().isPresent() ? s.logManagement().getAsLong() : null,
                s.logManagementStrategy().orElse(null),
                false,
                false,
                s.retryMaxAttempts(),
                s.retryDelay(),
                s.retryBackoff(),
                List.of());
    }

    /** The settings the proxy serves this gateway with. */
    public GatewaySettings settings() {
        List<LimitRule> limits = rateLimitingLimit != null && rateLimitingInterval != null && rateLimitingInterval > 0
                ? List.of(LimitRule.of(
                        LimitRule.GATEWAY_RULE,
                        "gateway",
                        rateLimitingLimit,
                        rateLimitingInterval,
                        rateLimitingTechnique,
                        "requests"))
                : List.of();
        return new GatewaySettings(
                id,
                authentication,
                tokenDigests.stream().map(HexFormat.of()::parseHex).toList(),
                cacheTtl == null ? OptionalInt.empty() : OptionalInt.of(cacheTtl),
                collectLogs,
                rateLimitingLimit == null ? OptionalInt.empty() : OptionalInt.of(rateLimitingLimit),
                rateLimitingInterval == null ? OptionalInt.empty() : OptionalInt.of(rateLimitingInterval),
                rateLimitingTechnique,
                retryMaxAttempts,
                retryDelay,
                retryBackoff,
                logManagement == null ? OptionalLong.empty() : OptionalLong.of(logManagement),
                Optional.ofNullable(logManagementStrategy),
                Map.of(),
                true,
                limits,
                false,
                TrustedProxies.NONE);
    }

    /** The Cloudflare-shaped fields (no tokens). */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("cache_invalidate_on_update", cacheInvalidateOnUpdate)
                .put("cache_ttl", cacheTtl)
                .put("collect_logs", collectLogs)
                .put("rate_limiting_interval", rateLimitingInterval)
                .put("rate_limiting_limit", rateLimitingLimit)
                .put("rate_limiting_technique", rateLimitingTechnique)
                .put("authentication", authentication)
                .put("log_management", logManagement)
                .put("log_management_strategy", logManagementStrategy)
                .put("logpush", logpush)
                .put("zdr", zdr)
                .put("retry_max_attempts", retryMaxAttempts)
                .put("retry_delay", retryDelay)
                .put("retry_backoff", retryBackoff)
                .put("is_default", GatewayRegistry.DEFAULT_GATEWAY.equals(id));
    }

    /** What PostgreSQL keeps: the API fields plus the token digests. */
    public JsonObject toStored() {
        JsonObject stored = toJson();
        stored.remove("id");
        stored.remove("is_default");
        return stored.put("token_digests", new JsonArray(new ArrayList<>(tokenDigests)));
    }

    public static GatewaySpec fromStored(String id, JsonObject stored) {
        List<String> hex = new ArrayList<>();
        stored.getJsonArray("token_digests", new JsonArray()).forEach(d -> hex.add(String.valueOf(d)));
        return of(id, stored, List.copyOf(hex));
    }

    private static List<String> tokens(Object value) {
        if (!(value instanceof JsonArray array)) {
            throw new Invalid("tokens must be an array of strings");
        }
        if (array.size() > 20) {
            throw new Invalid("tokens: at most 20");
        }
        List<String> digests = new ArrayList<>();
        for (Object token : array) {
            if (!(token instanceof String t) || t.isBlank() || t.length() > 512) {
                throw new Invalid("tokens must be non-empty strings of at most 512 characters");
            }
            digests.add(HexFormat.of().formatHex(TokenDigest.of(t.strip())));
        }
        return List.copyOf(digests);
    }

    private static boolean bool(JsonObject body, String field, boolean fallback) {
        Object v = body.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new Invalid(field + " must be true or false");
    }

    private static Integer integer(JsonObject body, String field, int min, int max) {
        Long v = longValue(body, field, min, max);
        return v == null ? null : v.intValue();
    }

    private static Long longValue(JsonObject body, String field, long min, long max) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new Invalid(field + " must be an integer or null");
        }
        long value = n.longValue();
        if (value < min || value > max) {
            throw new Invalid(field + " must be between " + min + " and " + max);
        }
        return value;
    }

    private static String string(JsonObject body, String field, String fallback, Set<String> allowed, boolean lower) {
        Object v = body.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            String normal =
                    lower ? s.strip().toLowerCase(Locale.ROOT) : s.strip().toUpperCase(Locale.ROOT);
            if (allowed.contains(normal)) {
                return normal;
            }
        }
        throw new Invalid(field + " must be one of " + new java.util.TreeSet<>(allowed));
    }
}
