package dev.aigateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.config.Backoff;
import dev.aigateway.config.LogManagementStrategy;
import dev.aigateway.config.RateLimitTechnique;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A management-API gateway body: read with Cloudflare's defaults and bounds, stored, read back, shown. */
class GatewaySpecTest {

    private static GatewaySpec parse(String json) {
        return GatewaySpec.parse("g", new JsonObject(json), null);
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(GatewaySpec.Invalid.class)
                .hasMessage(message);
    }

    @Test
    void aFullBodyIsRead() {
        GatewaySpec spec = parse("{\"cache_invalidate_on_update\":true,\"cache_ttl\":300,\"collect_logs\":false,"
                + "\"rate_limiting_interval\":60,\"rate_limiting_limit\":10,\"rate_limiting_technique\":\"SLIDING\","
                + "\"authentication\":true,\"tokens\":[\" tok-1 \"],\"log_management\":1000,"
                + "\"log_management_strategy\":\"stop_inserting\",\"logpush\":true,\"zdr\":true,"
                + "\"retry_max_attempts\":5,\"retry_delay\":5000,\"retry_backoff\":\"Exponential\",\"unknown\":1}");
        GatewaySettings s = spec.settings();

        assertThat(spec.id()).isEqualTo("g");
        assertThat(spec.cacheInvalidateOnUpdate()).isTrue();
        assertThat(spec.logpush()).isTrue();
        assertThat(spec.zdr()).isTrue();
        assertThat(s.cacheTtl()).hasValue(300);
        assertThat(s.collectLogs()).isFalse();
        assertThat(s.rateLimitingTechnique()).isEqualTo(RateLimitTechnique.SLIDING);
        assertThat(s.authentication()).isTrue();
        assertThat(s.acceptsToken("tok-1")).isTrue();
        assertThat(s.logManagement()).hasValue(1000);
        assertThat(s.logManagementStrategy()).contains(LogManagementStrategy.STOP_INSERTING);
        assertThat(s.retryMaxAttempts()).isEqualTo(5);
        assertThat(s.retryDelay()).isEqualTo(5000);
        assertThat(s.retryBackoff()).isEqualTo(Backoff.EXPONENTIAL);
        assertThat(s.limits()).singleElement().satisfies(rule -> assertThat(rule.limit())
                .isEqualTo(10));
    }

    @Test
    void wordsAreShownInTheirDocumentedSpelling() {
        JsonObject shown = parse("{\"rate_limiting_technique\":\"Sliding\",\"retry_backoff\":\"LINEAR\","
                        + "\"log_management_strategy\":\"delete_oldest\"}")
                .toJson();

        assertThat(shown.getString("rate_limiting_technique")).isEqualTo("sliding");
        assertThat(shown.getString("retry_backoff")).isEqualTo("linear");
        assertThat(shown.getString("log_management_strategy")).isEqualTo("DELETE_OLDEST");
    }

    @Test
    void anEmptyBodyShowsCloudflaresDefaults() {
        JsonObject shown = parse("{}").toJson();

        assertThat(shown.getMap())
                .containsEntry("id", "g")
                .containsEntry("cache_invalidate_on_update", false)
                .containsEntry("cache_ttl", null)
                .containsEntry("collect_logs", true)
                .containsEntry("rate_limiting_interval", null)
                .containsEntry("rate_limiting_limit", null)
                .containsEntry("rate_limiting_technique", "fixed")
                .containsEntry("authentication", false)
                .containsEntry("log_management", null)
                .containsEntry("log_management_strategy", null)
                .containsEntry("logpush", false)
                .containsEntry("zdr", false)
                .containsEntry("retry_max_attempts", 1)
                .containsEntry("retry_delay", 0)
                .containsEntry("retry_backoff", "constant")
                .containsEntry("is_default", false);
    }

    @Test
    void valuesOutsideTheBoundsAreRefusedNamingTheField() {
        refused("{\"retry_max_attempts\":9}", "retry_max_attempts must be between 1 and 5");
        refused("{\"retry_max_attempts\":0}", "retry_max_attempts must be between 1 and 5");
        refused("{\"retry_delay\":5001}", "retry_delay must be between 0 and 5000");
        refused("{\"cache_ttl\":-1}", "cache_ttl must be between 0 and 2147483647");
        refused("{\"rate_limiting_limit\":2147483648}", "rate_limiting_limit must be between 0 and 2147483647");
        refused("{\"log_management\":0}", "log_management must be between 1 and 10000000");
    }

    @Test
    void wrongTypesAndWordsAreRefusedNamingTheField() {
        refused("{\"collect_logs\":\"yes\"}", "collect_logs must be true or false");
        refused("{\"cache_ttl\":1.5}", "cache_ttl must be an integer or null");
        refused("{\"cache_ttl\":\"300\"}", "cache_ttl must be an integer or null");
        refused("{\"rate_limiting_technique\":\"leaky\"}", "rate_limiting_technique must be one of [fixed, sliding]");
        refused("{\"rate_limiting_technique\":1}", "rate_limiting_technique must be one of [fixed, sliding]");
        refused("{\"retry_backoff\":\"random\"}", "retry_backoff must be one of [constant, exponential, linear]");
        refused(
                "{\"log_management_strategy\":\"delete-oldest\"}",
                "log_management_strategy must be one of [DELETE_OLDEST, STOP_INSERTING]");
    }

    @Test
    void idsAndTokensAreChecked() {
        assertThatThrownBy(() -> GatewaySpec.parse("Upper", new JsonObject(), null))
                .hasMessageStartingWith("id must be 1-64 characters");
        assertThatThrownBy(() -> GatewaySpec.parse(null, new JsonObject(), null))
                .isInstanceOf(GatewaySpec.Invalid.class);
        refused("{\"tokens\":\"tok\"}", "tokens must be an array of strings");
        refused("{\"tokens\":[\" \"]}", "tokens must be non-empty strings of at most 512 characters");
        refused(
                "{\"tokens\":[\"" + "x".repeat(513) + "\"]}",
                "tokens must be non-empty strings of at most 512 characters");
        JsonArray many = new JsonArray();
        for (int i = 0; i < 21; i++) {
            many.add("tok-" + i);
        }
        assertThatThrownBy(() -> GatewaySpec.parse("g", new JsonObject().put("tokens", many), null))
                .hasMessage("tokens: at most 20");
    }

    @Test
    void authenticationWithoutATokenIsRefused() {
        assertThatThrownBy(() -> parse("{\"authentication\":true}"))
                .isInstanceOf(GatewaySpec.Invalid.class)
                .hasMessageStartingWith("authentication: true needs at least one gateway token");
    }

    @Test
    void anUpdateWithoutTokensKeepsThePreviousOnes() {
        GatewaySpec created = parse("{\"tokens\":[\"tok-1\"]}");
        GatewaySpec updated = GatewaySpec.parse("g", new JsonObject().put("cache_ttl", 60), created);
        GatewaySpec replaced =
                GatewaySpec.parse("g", new JsonObject().put("tokens", new JsonArray().add("tok-2")), created);

        assertThat(created.settings().authentication()).isTrue();
        assertThat(updated.settings().acceptsToken("tok-1")).isTrue();
        assertThat(updated.settings().authentication()).isTrue();
        assertThat(replaced.settings().acceptsToken("tok-1")).isFalse();
        assertThat(replaced.settings().acceptsToken("tok-2")).isTrue();
    }

    @Test
    void theStoredFormReadsBackToTheSameGatewayWithoutShowingTokens() {
        GatewaySpec spec = parse(
                "{\"cache_invalidate_on_update\":true,\"cache_ttl\":300,\"tokens\":[\"tok-1\"],"
                        + "\"rate_limiting_interval\":60,\"rate_limiting_limit\":10,\"log_management\":5,"
                        + "\"log_management_strategy\":\"STOP_INSERTING\",\"retry_max_attempts\":2,\"retry_backoff\":\"linear\"}");
        JsonObject stored = spec.toStored();
        GatewaySpec back = GatewaySpec.fromStored("g", stored);

        assertThat(stored.encode()).doesNotContain("tok-1");
        assertThat(stored.containsKey("id")).isFalse();
        assertThat(stored.getJsonArray("token_digests")).hasSize(1);
        assertThat(back).usingRecursiveComparison().isEqualTo(spec);
        assertThat(back.toJson()).isEqualTo(spec.toJson());
        assertThat(spec.toJson().encode()).doesNotContain("tok-1").doesNotContain("token");
    }

    @Test
    void aGatewayDeclaredInConfigIsShownWithItsSettingsAndNoApiFlags() {
        GatewaySettings configured = GatewaySpec.parse(
                        "default",
                        new JsonObject()
                                .put("retry_max_attempts", 3)
                                .put("retry_backoff", "exponential")
                                .put("tokens", new JsonArray().add("t")),
                        null)
                .settings();
        JsonObject shown = GatewaySpec.of(configured).toJson();

        assertThat(shown.getInteger("retry_max_attempts")).isEqualTo(3);
        assertThat(shown.getString("retry_backoff")).isEqualTo("exponential");
        assertThat(shown.getBoolean("authentication")).isTrue();
        assertThat(shown.getBoolean("cache_invalidate_on_update")).isFalse();
        assertThat(shown.getBoolean("is_default")).isTrue();
    }

    @Test
    void theSemanticCacheIsReadShownAndStored() {
        GatewaySpec spec = parse("{\"semantic_cache\":{\"enabled\":true,\"threshold\":0.95,\"ttl\":600,"
                + "\"mode\":\"Shadow\",\"max_entries\":500}}");
        SemanticCacheSettings c = spec.settings().semanticCache();

        assertThat(c)
                .isEqualTo(new SemanticCacheSettings(true, 0.95, 600, dev.aigateway.config.SemanticMode.SHADOW, 500));
        assertThat(spec.toJson().getJsonObject("semantic_cache").getString("mode"))
                .isEqualTo("shadow");
        assertThat(GatewaySpec.fromStored("g", spec.toStored()).settings().semanticCache())
                .isEqualTo(c);
        assertThat(parse("{}").settings().semanticCache()).isEqualTo(SemanticCacheSettings.OFF);
        assertThat(parse("{\"semantic_cache\":{\"enabled\":true}}")
                        .settings()
                        .semanticCache()
                        .threshold())
                .isEqualTo(GatewaySettingsMapper.SEMANTIC_THRESHOLD);
    }

    @Test
    void aSemanticCacheOutOfBoundsIsRefusedNamingTheField() {
        refused(
                "{\"semantic_cache\":{\"threshold\":0.5}}",
                "semantic_cache.threshold must be a number between 0.8 and 1.0");
        refused("{\"semantic_cache\":{\"ttl\":10}}", "semantic_cache.ttl must be between 60 and 2592000");
        refused("{\"semantic_cache\":{\"mode\":\"maybe\"}}", "semantic_cache.mode must be one of [serve, shadow]");
        refused("{\"semantic_cache\":true}", "semantic_cache must be an object or null");
    }

    @Test
    void loadBalancingIsReadShownAndStored() {
        GatewaySpec spec = parse("{\"load_balancing\":{\"openai\":{\"strategy\":\"Least-In-Flight\","
                + "\"weights\":{\"a\":2,\"b\":1}},\"custom-llm\":{}}}");
        KeyBalancing openai = spec.settings().balancingFor("openai");

        assertThat(openai.strategy()).isEqualTo(dev.aigateway.config.BalanceStrategy.LEAST_IN_FLIGHT);
        assertThat(openai.weights()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 2, "b", 1));
        assertThat(spec.settings().balancingFor("custom-llm").strategy())
                .isEqualTo(dev.aigateway.config.BalanceStrategy.WEIGHTED);
        assertThat(spec.toJson()
                        .getJsonObject("load_balancing")
                        .getJsonObject("openai")
                        .encode())
                .isEqualTo("{\"strategy\":\"least-in-flight\",\"weights\":{\"a\":2,\"b\":1}}");
        assertThat(GatewaySpec.fromStored("g", spec.toStored()).settings().loadBalancing())
                .isEqualTo(spec.settings().loadBalancing());
        assertThat(parse("{}").toJson().getValue("load_balancing")).isNull();
        assertThat(parse("{}").settings().balancingFor("openai")).isNull();
    }

    @Test
    void badLoadBalancingIsRefusedNamingTheField() {
        refused(
                "{\"load_balancing\":{\"openai\":{\"strategy\":\"random\"}}}",
                "load_balancing.openai.strategy must be one of [least-in-flight, weighted]");
        refused(
                "{\"load_balancing\":{\"openai\":{\"weights\":{\"a\":0}}}}",
                "load_balancing.openai.weights.a must be an integer between 1 and 1000");
        refused(
                "{\"load_balancing\":{\"openai\":{\"weights\":{\"a\":1.5}}}}",
                "load_balancing.openai.weights must be integers between 1 and 1000");
        refused(
                "{\"load_balancing\":{\"openai\":{\"weights\":{\"a b\":1}}}}",
                "load_balancing.openai.weights: a member is a stored-key alias or deployment name of 1-64 letters,"
                        + " digits, '.', '_' or '-'");
        refused(
                "{\"load_balancing\":[]}",
                "load_balancing must be an object of provider to {strategy, weights}, or null");
        refused(
                "{\"load_balancing\":{\"openai\":\"weighted\"}}",
                "load_balancing.openai must be an object with strategy and weights");
    }
}
