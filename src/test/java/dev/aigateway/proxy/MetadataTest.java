package dev.aigateway.proxy;

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
}
