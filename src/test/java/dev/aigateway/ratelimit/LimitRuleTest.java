package dev.aigateway.ratelimit;

import static dev.aigateway.config.LimitUnit.REQUESTS;
import static dev.aigateway.config.LimitUnit.TOKENS;
import static dev.aigateway.config.RateLimitTechnique.FIXED;
import static dev.aigateway.config.RateLimitTechnique.SLIDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.ratelimit.LimitRule.Identifier;
import dev.aigateway.ratelimit.LimitRule.Source;
import org.junit.jupiter.api.Test;

/** Limit rules: whose usage an identifier names, and the checks a rule passes before the limiter sees it. */
class LimitRuleTest {

    @Test
    void everyIdentifierSourceIsRead() {
        assertThat(Identifier.parse("gateway")).isEqualTo(new Identifier(Source.GATEWAY, ""));
        assertThat(Identifier.parse("credential")).isEqualTo(new Identifier(Source.CREDENTIAL, ""));
        assertThat(Identifier.parse("token")).isEqualTo(new Identifier(Source.TOKEN, ""));
        assertThat(Identifier.parse("ip")).isEqualTo(new Identifier(Source.IP, ""));
        assertThat(Identifier.parse("header:x-user-id")).isEqualTo(new Identifier(Source.HEADER, "x-user-id"));
        assertThat(Identifier.parse("metadata:team")).isEqualTo(new Identifier(Source.METADATA, "team"));
    }

    @Test
    void headerNamesAreCaseFoldedMetadataKeysAreNot() {
        assertThat(Identifier.parse(" Header: X-User-Id ")).isEqualTo(new Identifier(Source.HEADER, "x-user-id"));
        assertThat(Identifier.parse("METADATA:TeamName")).isEqualTo(new Identifier(Source.METADATA, "TeamName"));
        assertThat(Identifier.parse("IP")).isEqualTo(new Identifier(Source.IP, ""));
    }

    @Test
    void headerAndMetadataNeedANameTheOthersTakeNone() {
        assertThatThrownBy(() -> Identifier.parse("header"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header needs a name, e.g. header:user");
        assertThatThrownBy(() -> Identifier.parse("metadata: "))
                .hasMessage("metadata needs a name, e.g. metadata:user");
        assertThatThrownBy(() -> Identifier.parse("ip:10.0.0.1")).hasMessage("ip takes no name");
        assertThatThrownBy(() -> Identifier.parse("gateway:x")).hasMessage("gateway takes no name");
    }

    @Test
    void anUnknownSourceNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> Identifier.parse("cookie:session"))
                .hasMessage(
                        "unknown identifier source 'cookie' (use header:<name>, metadata:<key>, credential, token, ip"
                                + " or gateway)");
        assertThatThrownBy(() -> Identifier.parse("")).hasMessageStartingWith("unknown identifier source ''");
    }

    @Test
    void aRuleCarriesItsIntervalInMillisecondsAndItsTechniqueAndUnit() {
        LimitRule fixed = LimitRule.of("per-user", "header:x-user", 10, 60, FIXED, REQUESTS);
        LimitRule sliding = LimitRule.of("team.tokens", "metadata:team", 0, 3600, SLIDING, TOKENS);

        assertThat(fixed)
                .isEqualTo(
                        new LimitRule("per-user", new Identifier(Source.HEADER, "x-user"), 10, 60_000, false, false));
        assertThat(sliding.intervalMillis()).isEqualTo(3_600_000);
        assertThat(sliding.limit()).isZero();
        assertThat(sliding.sliding()).isTrue();
        assertThat(sliding.tokens()).isTrue();
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> LimitRule.of("r", "ip", -1, 60, FIXED, REQUESTS))
                .hasMessage("limit must be >= 0");
        assertThatThrownBy(() -> LimitRule.of("r", "ip", 1, 0, FIXED, REQUESTS))
                .hasMessage("interval must be > 0 seconds");
        assertThatThrownBy(() -> LimitRule.of("r", "ip", 1, -60, FIXED, REQUESTS))
                .hasMessage("interval must be > 0 seconds");
        for (String name : new String[] {"", "with space", "colon:name", "{tag}", "x".repeat(65)}) {
            assertThatThrownBy(() -> LimitRule.of(name, "ip", 1, 60, FIXED, REQUESTS))
                    .as(name)
                    .hasMessage("rule names use letters, digits, '_', '.', '-' (at most 64)");
        }
        assertThat(LimitRule.of("x".repeat(64), "ip", 1, 60, FIXED, REQUESTS).name())
                .hasSize(64);
    }
}
