package dev.aigateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token limits: what a request reserves, and how the reservation is settled, seen from the client and provider. */
@QuarkusTest
class TokenBudgetTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String USED_500 =
            "{\"id\":\"c1\",\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":480,\"total_tokens\":500}}";

    @Inject
    GatewayClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private Response post(String gatewayId, String user, String body) {
        return postChat(gatewayId, body, Map.of("x-user-id", user, "cf-aig-skip-cache", "true"));
    }

    private static long promptCost(String body) {
        return (body.length() + 3) / 4;
    }

    private static long remaining(Response r) {
        return Long.parseLong(r.header("RateLimit-Remaining"));
    }

    @Test
    void providerErrorWithoutUsageGivesTheReservationBack() {
        upstream.onJson(CHAT, 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
        String user = "u-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":500}";
        assertThat(post("budget", user, body).statusCode()).isEqualTo(500);

        String probe = "{\"max_tokens\":0}";
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        remaining(post("budget", user, probe)))
                .as("nothing of the failed request stays charged")
                .isGreaterThan(1000 - 500 - promptCost(probe)));
    }

    @Test
    void requestWithoutMaxTokensReservesTheDefaultOutputAllowance() {
        upstream.onJson(CHAT, 200, USED_500);
        String body = "{\"model\":\"gpt-4o-mini\"}";

        Response r = post("budget-fixed", "u-" + UUID.randomUUID(), body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(remaining(r)).isEqualTo(100_000 - promptCost(body) - 1024);
    }

    @Test
    void hugeMaxTokensNeverOverflowsIntoANegativeReservation() {
        upstream.onJson(CHAT, 200, USED_500);
        String user = "u-" + UUID.randomUUID();
        for (String max : new String[] {"9223372036854775807", "99999999999999999999999"}) {
            Response r = post("budget", user, "{\"model\":\"gpt-4o-mini\",\"max_tokens\":" + max + "}");
            assertThat(r.statusCode()).as(max).isEqualTo(429);
            assertThat(remaining(r)).isBetween(0L, 1000L);
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void maxTokensThatIsNotAWholeNumberIsA400OnATokenLimit() {
        upstream.onJson(CHAT, 200, USED_500);
        String user = "u-" + UUID.randomUUID();
        for (String max : new String[] {"\"abc\"", "1e30", "-5", "12.5"}) {
            Response r = post("budget", user, "{\"model\":\"gpt-4o-mini\",\"max_tokens\":" + max + "}");
            assertThat(r.statusCode()).as(max).isEqualTo(400);
            assertThat(r.jsonPath().getInt("error[0].code")).isEqualTo(2103);
            assertThat(r.jsonPath().getString("error[0].message")).contains("max_tokens");
        }
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void usageReportedAfterTheFixedWindowEndedIsNotLost() {
        upstream.on(CHAT, (req, b) -> upstream.vertx().setTimer(2_500, t -> req.response()
                .putHeader("content-type", "application/json")
                .end(USED_500)));
        long window = 60_000;
        long end = (System.currentTimeMillis() / window
                        + ThreadLocalRandom.current().nextLong(1, 1_000_000))
                * window;
        clock.set(end - 1_000); // the window ends while the provider is still working
        String user = "u-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":0}";
        assertThat(post("budget-fixed", user, body).statusCode()).isEqualTo(200);

        upstream.onJson(CHAT, 200, "{\"id\":\"c2\"}");
        String probe = "{\"max_tokens\":0}";
        long surplus = 500 - promptCost(body);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        remaining(post("budget-fixed", user, probe)))
                .as("the surplus of the late usage counts in the window it arrived in")
                .isLessThanOrEqualTo(100_000 - surplus - promptCost(probe)));
    }
}
