package dev.aigateway.gateway;

import dev.aigateway.config.Backoff;
import dev.aigateway.config.ConfiguredSemanticCache;
import dev.aigateway.config.LogManagementStrategy;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.config.SemanticMode;
import dev.aigateway.config.Spelled;
import dev.aigateway.gateway.GatewaySettingsMapper.Bound;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A gateway as Cloudflare's management API shows it (spec §11): read and validated from a create/update body, stored
 * as JSON in PostgreSQL, shown back. Its settings are built by {@link GatewaySettingsMapper}, as for a gateway declared
 * in config; the API-only flags sit beside them. Gateway tokens (our extension: {@code tokens}, write-only) are kept
 * only as SHA-256 digests and never shown.
 */
public record GatewaySpec(
        GatewaySettings settings, boolean cacheInvalidateOnUpdate, boolean logpush, boolean zdr, String defaultRoute) {

    /** API-created ids: lowercase letters, digits, {@code -} and {@code _}, starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** A route name, as {@code route/RouteRegistry} accepts it. */
    private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final int MAX_TOKENS = 20;
    private static final int MAX_TOKEN_LENGTH = 512;

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
        List<byte[]> digests =
                previous == null ? List.of() : previous.settings().tokenDigests();
        if (body.getValue("tokens") != null) {
            digests = tokens(body.getValue("tokens"));
        }
        GatewaySpec spec = of(id, body, digests);
        if (spec.settings().authentication() && digests.isEmpty()) {
            // Such a gateway would answer 401 to every request: nothing could ever authenticate.
            throw new Invalid("authentication: true needs at least one gateway token: set tokens (a list of"
                    + " strings) in the same request, or leave authentication off");
        }
        return spec;
    }

    /** What PostgreSQL kept ({@link #toStored}), read with the same checks as a body. */
    public static GatewaySpec fromStored(String id, JsonObject stored) {
        List<byte[]> digests = new ArrayList<>();
        stored.getJsonArray("token_digests", new JsonArray())
                .forEach(d -> digests.add(HexFormat.of().parseHex(String.valueOf(d))));
        return of(id, stored, List.copyOf(digests));
    }

    /** How a gateway declared in config looks through the API (its tokens and stored keys are not shown). */
    public static GatewaySpec of(GatewaySettings settings) {
        return new GatewaySpec(settings, false, false, false, null);
    }

    /** The API fields of {@code body} (unknown ones ignored) with the given token digests. */
    private static GatewaySpec of(String id, JsonObject body, List<byte[]> digests) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new Invalid("id must be 1-64 characters: lowercase letters, digits, '-' or '_'");
        }
        ApiGateway fields = new ApiGateway(
                bool(body, "authentication"),
                integer(body, "cache_ttl", GatewaySettingsMapper.COUNT),
                bool(body, "collect_logs"),
                integer(body, "rate_limiting_limit", GatewaySettingsMapper.COUNT),
                integer(body, "rate_limiting_interval", GatewaySettingsMapper.COUNT),
                word(body, "rate_limiting_technique", RateLimitTechnique.values()),
                integer(body, "retry_max_attempts", GatewaySettingsMapper.RETRY_ATTEMPTS),
                integer(body, "retry_delay", GatewaySettingsMapper.RETRY_DELAY_MILLIS),
                word(body, "retry_backoff", Backoff.values()),
                number(body, "log_management", GatewaySettingsMapper.LOG_ROWS),
                word(body, "log_management_strategy", LogManagementStrategy.values()),
                semantic(body),
                loadBalancing(body),
                SpendLimitsJson.read(body));
        return new GatewaySpec(
                GatewaySettingsMapper.settings(id, digests, fields),
                bool(body, "cache_invalidate_on_update").orElse(false),
                bool(body, "logpush").orElse(false),
                bool(body, "zdr").orElse(false),
                routeName(body, "default_route"));
    }

    public String id() {
        return settings.id();
    }

    /** The Cloudflare-shaped fields (no tokens). */
    public JsonObject toJson() {
        GatewaySettings s = settings;
        return new JsonObject()
                .put("id", s.id())
                .put("cache_invalidate_on_update", cacheInvalidateOnUpdate)
                .put("cache_ttl", orNull(s.cacheTtl()))
                .put("collect_logs", s.collectLogs())
                .put("rate_limiting_interval", orNull(s.rateLimitingInterval()))
                .put("rate_limiting_limit", orNull(s.rateLimitingLimit()))
                .put("rate_limiting_technique", s.rateLimitingTechnique().spelling())
                .put("authentication", s.authentication())
                .put(
                        "log_management",
                        s.logManagement().isPresent() ? s.logManagement().getAsLong() : null)
                .put(
                        "log_management_strategy",
                        s.logManagementStrategy().map(Spelled::spelling).orElse(null))
                .put("logpush", logpush)
                .put("zdr", zdr)
                .put("retry_max_attempts", s.retryMaxAttempts())
                .put("retry_delay", s.retryDelay())
                .put("retry_backoff", s.retryBackoff().spelling())
                .put("semantic_cache", semanticJson(s.semanticCache()))
                .put("load_balancing", balancingJson(s.loadBalancing()))
                .put("spend_limits", SpendLimitsJson.show(s.spendLimits()))
                .put("default_route", defaultRoute)
                .put("is_default", GatewayRegistry.DEFAULT_GATEWAY.equals(s.id()));
    }

    /** Our extension: {@code semantic_cache} (null when off and never set). */
    private static JsonObject semanticJson(SemanticCacheSettings c) {
        if (c.equals(SemanticCacheSettings.OFF)) {
            return null;
        }
        return new JsonObject()
                .put("enabled", c.enabled())
                .put("threshold", c.threshold())
                .put("ttl", c.ttlSeconds())
                .put("mode", c.mode().spelling())
                .put("max_entries", c.maxEntries());
    }

    /** Our extension: {@code load_balancing}, provider slug → strategy and weights (null when none). */
    private static JsonObject balancingJson(java.util.Map<String, KeyBalancing> balancing) {
        if (balancing.isEmpty()) {
            return null;
        }
        JsonObject out = new JsonObject();
        new java.util.TreeMap<>(balancing).forEach((slug, b) -> out.put(slug, b.toJson()));
        return out;
    }

    /** {@code load_balancing}: an object of provider slug → {@code {strategy, weights}}, or null. */
    private static java.util.Map<String, dev.aigateway.config.ConfiguredBalancing> loadBalancing(JsonObject body) {
        Object v = body.getValue("load_balancing");
        if (v == null) {
            return java.util.Map.of();
        }
        if (!(v instanceof JsonObject byProvider)) {
            throw new Invalid("load_balancing must be an object of provider to {strategy, weights}, or null");
        }
        if (byProvider.size() > GatewaySettingsMapper.MAX_BALANCED_PROVIDERS) {
            throw new Invalid("load_balancing: at most " + GatewaySettingsMapper.MAX_BALANCED_PROVIDERS + " providers");
        }
        java.util.Map<String, dev.aigateway.config.ConfiguredBalancing> out = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, Object> e : byProvider) {
            if (!e.getKey().matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new Invalid("load_balancing: '" + e.getKey().replaceAll("[^A-Za-z0-9_.-]", "?")
                        + "' is not a provider slug");
            }
            KeyBalancing b;
            try {
                b = KeyBalancing.fromJson("load_balancing." + e.getKey(), e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new Invalid(bad.getMessage());
            }
            out.put(e.getKey(), new ApiGateway.BalancingFields(Optional.of(b.strategy()), b.weights()));
        }
        return out;
    }

    /** {@code semantic_cache}: an object of enabled, threshold, ttl, mode, max_entries (each optional), or null. */
    private static Optional<ConfiguredSemanticCache> semantic(JsonObject body) {
        Object v = body.getValue("semantic_cache");
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof JsonObject o)) {
            throw new Invalid("semantic_cache must be an object or null");
        }
        Optional<Double> threshold = Optional.empty();
        Object t = o.getValue("threshold");
        if (t != null) {
            if (!(t instanceof Number n)
                    || !(n.doubleValue() >= GatewaySettingsMapper.SEMANTIC_MIN_THRESHOLD && n.doubleValue() <= 1.0)) {
                throw new Invalid("semantic_cache.threshold must be a number between "
                        + GatewaySettingsMapper.SEMANTIC_MIN_THRESHOLD + " and 1.0");
            }
            threshold = Optional.of(n.doubleValue());
        }
        try {
            return Optional.of(new ApiGateway.SemanticFields(
                    bool(o, "enabled"),
                    threshold,
                    integer(o, "ttl", GatewaySettingsMapper.SEMANTIC_TTL_SECONDS),
                    word(o, "mode", SemanticMode.values()),
                    integer(o, "max_entries", GatewaySettingsMapper.SEMANTIC_ENTRIES)));
        } catch (Invalid e) {
            throw new Invalid("semantic_cache." + e.getMessage());
        }
    }

    /** What PostgreSQL keeps: the API fields plus the token digests. */
    public JsonObject toStored() {
        JsonObject stored = toJson();
        stored.remove("id");
        stored.remove("is_default");
        JsonArray digests = new JsonArray();
        settings.tokenDigests().forEach(d -> digests.add(HexFormat.of().formatHex(d)));
        return stored.put("token_digests", digests);
    }

    private static Integer orNull(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static List<byte[]> tokens(Object value) {
        if (!(value instanceof JsonArray array)) {
            throw new Invalid("tokens must be an array of strings");
        }
        if (array.size() > MAX_TOKENS) {
            throw new Invalid("tokens: at most " + MAX_TOKENS);
        }
        List<byte[]> digests = new ArrayList<>();
        for (Object token : array) {
            if (!(token instanceof String t) || t.isBlank() || t.length() > MAX_TOKEN_LENGTH) {
                throw new Invalid("tokens must be non-empty strings of at most " + MAX_TOKEN_LENGTH + " characters");
            }
            digests.add(TokenDigest.of(t.strip()));
        }
        return List.copyOf(digests);
    }

    /** Our extension: the dynamic route this gateway's provider-native chat requests take (null: none). */
    private static String routeName(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || !ROUTE_NAME.matcher(s.strip()).matches()) {
            throw new Invalid(field + " must be a route name (letters, digits, '_', '.', '-'; at most 64) or null");
        }
        return s.strip();
    }

    private static Optional<Boolean> bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw new Invalid(field + " must be true or false");
    }

    private static Optional<Integer> integer(JsonObject body, String field, Bound bound) {
        return number(body, field, bound).map(Long::intValue);
    }

    private static Optional<Long> number(JsonObject body, String field, Bound bound) {
        Object v = body.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new Invalid(field + " must be an integer or null");
        }
        long value = n.longValue();
        if (!bound.contains(value)) {
            throw new Invalid(field + " must be between " + bound.min() + " and " + bound.max());
        }
        return Optional.of(value);
    }

    private static <E extends Enum<E> & Spelled> Optional<E> word(JsonObject body, String field, E[] values) {
        Object v = body.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        Optional<E> word = v instanceof String s ? Spelled.parse(values, s) : Optional.empty();
        if (word.isEmpty()) {
            throw new Invalid(field + " must be one of " + Spelled.choices(values));
        }
        return word;
    }
}
