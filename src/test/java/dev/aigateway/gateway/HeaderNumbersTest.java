package dev.aigateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Numbers in {@code cf-aig-*} headers beyond 2^63 are clamped to the setting's maximum, not ignored. */
@QuarkusTest
class HeaderNumbersTest extends GatewayTest {

    private static final String HUGE = "99999999999999999999999";

    @Test
    void attemptsBeyondTwoToTheSixtyThreeAreTheMaximum() {
        upstream.onJson(
                "/openai/v1/chat/completions",
                503,
                "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");

        int status =
                postChat("default", "{}", Map.of("cf-aig-max-attempts", HUGE)).statusCode();

        assertThat(status).isEqualTo(503);
        assertThat(upstream.received()).as("clamped to 5 attempts").hasSize(5);
    }

    @Test
    void cacheTtlBeyondTwoToTheSixtyThreeCaches() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"c1\"}");
        String body = "{\"model\":\"gpt-4o-mini\",\"q\":\"" + UUID.randomUUID() + "\"}";

        assertThat(postChat("default", body, Map.of("cf-aig-cache-ttl", HUGE)).header("cf-aig-cache-status"))
                .as("clamped to the longest TTL, so the request uses the cache")
                .isEqualTo("MISS");
    }

    @Test
    void parsesSaturatingAndRejectsTheRest() {
        assertThat(HeaderNumbers.nonNegative(" 42 ")).hasValue(42);
        assertThat(HeaderNumbers.nonNegative("+7")).hasValue(7);
        assertThat(HeaderNumbers.nonNegative("9223372036854775807")).hasValue(Long.MAX_VALUE);
        assertThat(HeaderNumbers.nonNegative("9223372036854775808")).hasValue(Long.MAX_VALUE);
        assertThat(HeaderNumbers.nonNegative(HUGE)).hasValue(Long.MAX_VALUE);
        assertThat(HeaderNumbers.nonNegative("-1")).isEqualTo(OptionalLong.empty());
        assertThat(HeaderNumbers.nonNegative("1e3")).isEmpty();
        assertThat(HeaderNumbers.nonNegative("")).isEmpty();
        assertThat(HeaderNumbers.nonNegative("+")).isEmpty();
        assertThat(HeaderNumbers.nonNegative(null)).isEmpty();
    }
}
