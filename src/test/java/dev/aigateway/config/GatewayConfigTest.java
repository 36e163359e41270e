package dev.aigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.testing.MappedConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The word-valued settings (technique, unit, backoff, log strategy) are enums of the config tree: the documented
 * spellings are read whatever their case, an unset one stays unset (the gateway's default applies later), and any
 * other word stops start-up with the property's name and the accepted spellings.
 */
class GatewayConfigTest {

    private static ConfiguredGateway gateway(Map<String, String> properties) {
        return MappedConfig.of(properties).gateways().get("g");
    }

    @Test
    void documentedSpellingsAreReadIgnoringCaseAndBlanks() {
        ConfiguredGateway g = gateway(Map.of(
                "gateway.gateways.g.rate-limiting-technique", "Sliding",
                "gateway.gateways.g.retry-backoff", " EXPONENTIAL ",
                "gateway.gateways.g.log-management-strategy", "delete_oldest",
                "gateway.gateways.g.limits.r.identifier", "ip",
                "gateway.gateways.g.limits.r.limit", "5",
                "gateway.gateways.g.limits.r.interval", "60",
                "gateway.gateways.g.limits.r.technique", "sliding",
                "gateway.gateways.g.limits.r.unit", "Tokens"));

        assertThat(g.rateLimitingTechnique()).contains(RateLimitTechnique.SLIDING);
        assertThat(g.retryBackoff()).contains(Backoff.EXPONENTIAL);
        assertThat(g.logManagementStrategy()).contains(LogManagementStrategy.DELETE_OLDEST);
        assertThat(g.limits().get("r").technique()).contains(RateLimitTechnique.SLIDING);
        assertThat(g.limits().get("r").unit()).contains(LimitUnit.TOKENS);
    }

    @Test
    void everySpellingOfTheReadmeIsAccepted() {
        for (String technique : new String[] {"fixed", "sliding"}) {
            assertThat(gateway(Map.of("gateway.gateways.g.rate-limiting-technique", technique))
                            .rateLimitingTechnique()
                            .orElseThrow()
                            .spelling())
                    .isEqualTo(technique);
        }
        for (String backoff : new String[] {"constant", "linear", "exponential"}) {
            assertThat(gateway(Map.of("gateway.gateways.g.retry-backoff", backoff))
                            .retryBackoff()
                            .orElseThrow()
                            .spelling())
                    .isEqualTo(backoff);
        }
        for (String strategy : new String[] {"STOP_INSERTING", "DELETE_OLDEST"}) {
            assertThat(gateway(Map.of("gateway.gateways.g.log-management-strategy", strategy))
                            .logManagementStrategy()
                            .orElseThrow()
                            .spelling())
                    .isEqualTo(strategy);
        }
    }

    @Test
    void unsetWordsStayUnset() {
        ConfiguredGateway g = gateway(Map.of(
                "gateway.gateways.g.collect-logs", "false",
                "gateway.gateways.g.limits.r.identifier", "ip",
                "gateway.gateways.g.limits.r.limit", "5",
                "gateway.gateways.g.limits.r.interval", "60"));

        assertThat(g.rateLimitingTechnique()).isEmpty();
        assertThat(g.retryBackoff()).isEmpty();
        assertThat(g.logManagementStrategy()).isEmpty();
        assertThat(g.limits().get("r").technique()).isEmpty();
        assertThat(g.limits().get("r").unit()).isEmpty();
    }

    @Test
    void aBadTechniqueStopsStartUpNamingThePropertyAndTheSpellings() {
        assertThatThrownBy(() -> MappedConfig.of(Map.of("gateway.gateways.g.rate-limiting-technique", "leaky")))
                .hasMessageContaining("gateway.gateways.g.rate-limiting-technique")
                .hasMessageContaining("'leaky' is not one of [fixed, sliding]");
    }

    @Test
    void aBadBackoffStopsStartUp() {
        // it used to fall back to constant without a word
        assertThatThrownBy(() -> MappedConfig.of(Map.of("gateway.gateways.g.retry-backoff", "quadratic")))
                .hasMessageContaining("gateway.gateways.g.retry-backoff")
                .hasMessageContaining("'quadratic' is not one of [constant, exponential, linear]");
    }

    @Test
    void aBadLogStrategyStopsStartUp() {
        assertThatThrownBy(
                        () -> MappedConfig.of(Map.of("gateway.gateways.g.log-management-strategy", "stop-inserting")))
                .hasMessageContaining("gateway.gateways.g.log-management-strategy")
                .hasMessageContaining("is not one of [DELETE_OLDEST, STOP_INSERTING]");
    }

    @Test
    void aBadRuleTechniqueOrUnitStopsStartUp() {
        Map<String, String> rule = Map.of(
                "gateway.gateways.g.limits.r.identifier", "ip",
                "gateway.gateways.g.limits.r.limit", "5",
                "gateway.gateways.g.limits.r.interval", "60");
        java.util.Map<String, String> badUnit = new java.util.HashMap<>(rule);
        badUnit.put("gateway.gateways.g.limits.r.unit", "dollars");
        java.util.Map<String, String> badTechnique = new java.util.HashMap<>(rule);
        badTechnique.put("gateway.gateways.g.limits.r.technique", "token-bucket");

        assertThatThrownBy(() -> MappedConfig.of(badUnit))
                .hasMessageContaining("gateway.gateways.g.limits.r.unit")
                .hasMessageContaining("'dollars' is not one of [requests, tokens]");
        assertThatThrownBy(() -> MappedConfig.of(badTechnique))
                .hasMessageContaining("gateway.gateways.g.limits.r.technique")
                .hasMessageContaining("'token-bucket' is not one of [fixed, sliding]");
    }

    @Test
    void theTreeKeepsItsPropertyNames() {
        GatewayConfig config = MappedConfig.of(Map.of(
                "gateway.upstream.first-byte-timeout", "42s",
                "gateway.routing.circuit-breaker.failure-ratio", "0.25",
                "gateway.providers.fal.allowed-target-hosts", "fal.run",
                "gateway.providers.fal.circuit-breaker.window", "5s",
                "gateway.logs.queue-max-bytes", "1M",
                "gateway.admin.max-gateways", "7"));

        assertThat(config.upstream().firstByteTimeout()).hasSeconds(42);
        assertThat(config.routing().circuitBreaker().failureRatio()).isEqualTo(0.25);
        assertThat(config.providers().get("fal").allowedTargetHosts()).contains(java.util.List.of("fal.run"));
        assertThat(config.providers().get("fal").circuitBreaker().window()).contains(java.time.Duration.ofSeconds(5));
        assertThat(config.logs().queueMaxBytes().asLongValue()).isEqualTo(1L << 20);
        assertThat(config.admin().maxGateways()).isEqualTo(7);
        assertThat(config.hostGateway()).isEqualTo("default");
    }
}
