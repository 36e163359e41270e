package dev.aigateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.config.Backoff;
import dev.aigateway.config.ConfiguredGateway;
import dev.aigateway.config.LogManagementStrategy;
import dev.aigateway.config.RateLimitTechnique;
import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.testing.MappedConfig;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gateway settings from config: defaults for what is unset, retry fields clamped into Cloudflare's bounds, limit
 * rules built (bad ones stop start-up naming the setting), and the same settings as the management API gives for
 * the same fields.
 */
class GatewaySettingsMapperTest {

    private static GatewaySettings fromConfig(Map<String, String> gatewayProperties) {
        Map<String, String> properties = new HashMap<>();
        gatewayProperties.forEach((k, v) -> properties.put("gateway.gateways.g." + k, v));
        properties.put(
                "gateway.gateways.g.collect-logs", properties.getOrDefault("gateway.gateways.g.collect-logs", "true"));
        ConfiguredGateway gateway = MappedConfig.of(properties).gateways().get("g");
        return GatewaySettingsMapper.fromConfig("g", gateway);
    }

    @Test
    void unsetFieldsTakeCloudflaresDefaults() {
        GatewaySettings s = fromConfig(Map.of());

        assertThat(s.authentication()).isFalse();
        assertThat(s.tokenDigests()).isEmpty();
        assertThat(s.cacheTtl()).isEmpty();
        assertThat(s.collectLogs()).isTrue();
        assertThat(s.rateLimitingTechnique()).isEqualTo(RateLimitTechnique.FIXED);
        assertThat(s.retryMaxAttempts()).isEqualTo(1);
        assertThat(s.retryDelay()).isZero();
        assertThat(s.retryBackoff()).isEqualTo(Backoff.CONSTANT);
        assertThat(s.logManagement()).isEmpty();
        assertThat(s.logManagementStrategy()).isEmpty();
        assertThat(s.rateLimitingFailOpen()).isTrue();
        assertThat(s.allowUnauthenticatedStoredKeys()).isFalse();
        assertThat(s.limits()).isEmpty();
        assertThat(s.trustedProxies().isEmpty()).isTrue();
    }

    @Test
    void theUndeclaredDefaultGatewayHasTheDefaultsOfAnEmptyDeclaration() {
        assertThat(GatewaySettingsMapper.defaults("g"))
                .usingRecursiveComparison()
                .isEqualTo(fromConfig(Map.of()));
    }

    @Test
    void tokensTurnAuthenticationOnUnlessItIsSetOff() {
        GatewaySettings withTokens = fromConfig(Map.of("tokens", " tok-1 , ,tok-2"));
        GatewaySettings optional = fromConfig(Map.of("tokens", "tok-1", "authentication", "false"));

        assertThat(withTokens.authentication()).isTrue();
        assertThat(withTokens.tokenDigests()).hasSize(2);
        assertThat(withTokens.acceptsToken("tok-2")).isTrue();
        assertThat(optional.authentication()).isFalse();
        assertThat(optional.acceptsToken("tok-1")).isTrue();
    }

    @Test
    void retryFieldsAreClampedIntoCloudflaresBounds() {
        GatewaySettings high = fromConfig(Map.of("retry-max-attempts", "9", "retry-delay", "99999"));
        GatewaySettings low = fromConfig(Map.of("retry-max-attempts", "0", "retry-delay", "-5"));
        GatewaySettings inside = fromConfig(Map.of("retry-max-attempts", "3", "retry-delay", "250"));

        assertThat(high.retryMaxAttempts()).isEqualTo(5);
        assertThat(high.retryDelay()).isEqualTo(5000);
        assertThat(low.retryMaxAttempts()).isEqualTo(1);
        assertThat(low.retryDelay()).isZero();
        assertThat(inside.retryMaxAttempts()).isEqualTo(3);
        assertThat(inside.retryDelay()).isEqualTo(250);
    }

    @Test
    void theGatewayWideLimitComesFirstThenNamedRulesByName() {
        GatewaySettings s = fromConfig(Map.of(
                "rate-limiting-limit", "10",
                "rate-limiting-interval", "60",
                "rate-limiting-technique", "sliding",
                "limits.zeta.identifier", "header:X-User",
                "limits.zeta.limit", "3",
                "limits.zeta.interval", "1",
                "limits.alpha.identifier", "metadata:team",
                "limits.alpha.limit", "1000",
                "limits.alpha.interval", "3600",
                "limits.alpha.unit", "tokens"));

        assertThat(s.limits()).extracting(LimitRule::name).containsExactly("gateway", "alpha", "zeta");
        LimitRule gateway = s.limits().get(0);
        assertThat(gateway.identifier().source()).isEqualTo(LimitRule.Source.GATEWAY);
        assertThat(gateway.limit()).isEqualTo(10);
        assertThat(gateway.intervalMillis()).isEqualTo(60_000);
        assertThat(gateway.sliding()).isTrue();
        assertThat(gateway.tokens()).isFalse();
        LimitRule alpha = s.limits().get(1);
        assertThat(alpha.tokens()).isTrue();
        assertThat(alpha.sliding()).isFalse();
        LimitRule zeta = s.limits().get(2);
        assertThat(zeta.identifier().name()).isEqualTo("x-user");
        assertThat(zeta.intervalMillis()).isEqualTo(1000);
    }

    @Test
    void noGatewayWideLimitWithoutAPositiveInterval() {
        assertThat(fromConfig(Map.of("rate-limiting-limit", "10")).limits()).isEmpty();
        assertThat(fromConfig(Map.of("rate-limiting-limit", "10", "rate-limiting-interval", "0"))
                        .limits())
                .isEmpty();
    }

    @Test
    void badRulesStopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> fromConfig(Map.of("rate-limiting-limit", "-1", "rate-limiting-interval", "60")))
                .hasMessage("gateway.gateways.g.rate-limiting-*: limit must be >= 0");
        assertThatThrownBy(() -> fromConfig(Map.of(
                        "limits.gateway.identifier",
                        "ip",
                        "limits.gateway.limit",
                        "1",
                        "limits.gateway.interval",
                        "1")))
                .hasMessageStartingWith("gateway.gateways.g.limits.gateway: the name is reserved");
        assertThatThrownBy(() -> fromConfig(
                        Map.of("limits.r.identifier", "cookie:x", "limits.r.limit", "1", "limits.r.interval", "1")))
                .hasMessageStartingWith("gateway.gateways.g.limits.r: unknown identifier source 'cookie'");
        assertThatThrownBy(() -> fromConfig(
                        Map.of("limits.r.identifier", "ip", "limits.r.limit", "1", "limits.r.interval", "0")))
                .hasMessage("gateway.gateways.g.limits.r: interval must be > 0 seconds");
        assertThatThrownBy(() -> fromConfig(Map.of("trusted-proxies", "10.0.0.0/33")))
                .hasMessageStartingWith("gateway.gateways.g.trusted-proxies: '10.0.0.0/33'");
    }

    @Test
    void storedKeysAreGroupedByProviderAndAlias() {
        GatewaySettings s = fromConfig(Map.of(
                "provider-keys.openai", "sk-a",
                "provider-keys.openai.work", " sk-b ",
                "provider-keys.\"google-ai-studio\"", "g-1"));

        assertThat(s.storedKeys().get("openai")).isEqualTo(Map.of("default", "sk-a", "work", "sk-b"));
        assertThat(s.storedKeys().get("google-ai-studio")).isEqualTo(Map.of("default", "g-1"));
    }

    @Test
    void configAndTheManagementApiGiveTheSameSettingsForTheSameFields() {
        GatewaySettings config = fromConfig(Map.ofEntries(
                Map.entry("authentication", "true"),
                Map.entry("tokens", "tok-1,tok-2"),
                Map.entry("cache-ttl", "300"),
                Map.entry("collect-logs", "false"),
                Map.entry("rate-limiting-limit", "10"),
                Map.entry("rate-limiting-interval", "60"),
                Map.entry("rate-limiting-technique", "sliding"),
                Map.entry("retry-max-attempts", "3"),
                Map.entry("retry-delay", "250"),
                Map.entry("retry-backoff", "linear"),
                Map.entry("log-management", "1000"),
                Map.entry("log-management-strategy", "DELETE_OLDEST")));
        GatewaySettings api = GatewaySpec.parse(
                        "g",
                        new JsonObject()
                                .put("authentication", true)
                                .put(
                                        "tokens",
                                        new io.vertx.core.json.JsonArray()
                                                .add("tok-1")
                                                .add("tok-2"))
                                .put("cache_ttl", 300)
                                .put("collect_logs", false)
                                .put("rate_limiting_limit", 10)
                                .put("rate_limiting_interval", 60)
                                .put("rate_limiting_technique", "sliding")
                                .put("retry_max_attempts", 3)
                                .put("retry_delay", 250)
                                .put("retry_backoff", "linear")
                                .put("log_management", 1000)
                                .put("log_management_strategy", "DELETE_OLDEST"),
                        null)
                .settings();

        assertThat(api).usingRecursiveComparison().isEqualTo(config);
        assertThat(api.logManagementStrategy()).contains(LogManagementStrategy.DELETE_OLDEST);
        assertThat(api.limits()).singleElement().satisfies(rule -> assertThat(rule.sliding())
                .isTrue());
    }

    @Test
    void withNothingSetBothSourcesGiveTheDefaults() {
        GatewaySettings api = GatewaySpec.parse("g", new JsonObject(), null).settings();

        assertThat(api).usingRecursiveComparison().isEqualTo(fromConfig(Map.of()));
    }
}
