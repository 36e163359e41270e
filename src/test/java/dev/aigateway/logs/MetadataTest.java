package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cf-aig-metadata} rules of Cloudflare's spec §3.1. */
class MetadataTest {

    @Test
    void keepsTheFirstFiveFlatEntriesWithoutReservedKeys() {
        var kept = Metadata.parse("{\"a\":1,\"cf.x\":\"no\",\"b\":\"two\",\"c\":true,\"d\":4.5,\"e\":\"5\",\"f\":6}");
        assertThat(List.copyOf(kept.keySet())).containsExactly("a", "b", "c", "d", "e");
        assertThat(kept.get("b")).isEqualTo("two");
    }

    @Test
    void nestedValuesOrInvalidJsonDropTheHeader() {
        assertThat(Metadata.parse("{\"a\":1,\"b\":{\"c\":2}}")).isEmpty();
        assertThat(Metadata.parse("{\"a\":[1]}")).isEmpty();
        assertThat(Metadata.parse("{not json")).isEmpty();
        assertThat(Metadata.parse("[1]")).isEmpty();
        assertThat(Metadata.parse(null)).isEmpty();
    }

    @Test
    void valuesThatCannotBeStoredAreRefused() {
        assertThat(Metadata.problem("k\0", "v")).contains("NUL");
        assertThat(Metadata.problem("k", "a\0b")).contains("NUL");
        assertThat(Metadata.problem("k".repeat(257), "v")).contains("256");
        assertThat(Metadata.problem("k", "v".repeat(4097))).contains("4096");
        assertThat(Metadata.problem("k", Double.POSITIVE_INFINITY)).contains("finite");
        assertThat(Metadata.problem("k", "v".repeat(4096))).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Metadata.validate("{\"a\":\"x\\u0000\"}"))
                .isInstanceOf(dev.aigateway.error.GatewayException.class)
                .hasMessageContaining("cf-aig-metadata");
        Metadata.validate("{\"a\":{\"nested\":\"\\u0000\"}}"); // ignored header (nested): nothing to refuse
        Metadata.validate(null);
    }
}
