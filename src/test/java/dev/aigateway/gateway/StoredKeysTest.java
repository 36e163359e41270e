package dev.aigateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of {@code provider-keys.<slug>[.<alias>]} and gateway token handling. */
class StoredKeysTest {

    @Test
    void slugAloneIsTheDefaultAliasAndDottedKeysAreNamedAliases() {
        Map<String, Map<String, String>> keys = GatewaySettingsMapper.storedKeys(Map.of(
                "openai", "sk-a",
                "openai.work", "sk-b",
                "\"google-ai-studio\"", "g-1",
                "anthropic.team-x", "ant-x",
                "mistral", " "));
        assertThat(keys.get("openai")).containsExactlyInAnyOrderEntriesOf(Map.of("default", "sk-a", "work", "sk-b"));
        assertThat(keys.get("google-ai-studio")).containsEntry("default", "g-1");
        assertThat(keys.get("anthropic")).containsExactlyEntriesOf(Map.of("team-x", "ant-x"));
        assertThat(keys).doesNotContainKey("mistral");
    }

    @Test
    void tokenSchemesAreStrippedBeforeComparison() {
        assertThat(CredentialResolver.withoutScheme("Bearer abc")).isEqualTo("abc");
        assertThat(CredentialResolver.withoutScheme("bearer  abc ")).isEqualTo("abc");
        assertThat(CredentialResolver.withoutScheme("Key fal-1")).isEqualTo("fal-1");
        assertThat(CredentialResolver.withoutScheme("Token co-1")).isEqualTo("co-1");
        assertThat(CredentialResolver.withoutScheme("raw-key")).isEqualTo("raw-key");
    }

    @Test
    void settingsNeverPrintTheirSecrets() {
        GatewaySettings settings = new GatewaySettings(
                "g",
                true,
                java.util.List.of(TokenDigest.of("tok-secret")),
                java.util.OptionalInt.empty(),
                true,
                java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(),
                dev.aigateway.config.RateLimitTechnique.FIXED,
                1,
                0,
                dev.aigateway.config.Backoff.CONSTANT,
                java.util.OptionalLong.empty(),
                java.util.Optional.empty(),
                Map.of("openai", Map.of("default", "sk-very-secret")),
                true,
                java.util.List.of(),
                false,
                TrustedProxies.NONE,
                SemanticCacheSettings.OFF,
                Map.of(),
                java.util.List.of());
        assertThat(settings.toString()).doesNotContain("secret");
        assertThat(settings.acceptsToken("tok-secret")).isTrue();
        assertThat(settings.acceptsToken("tok-secreT")).isFalse();
        assertThat(settings.acceptsToken("")).isFalse();
    }
}
