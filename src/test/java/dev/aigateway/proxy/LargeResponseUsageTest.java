package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.ratelimit.GatewayClock;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Context;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The usage of a large response settles a token limit without parsing megabytes on an event loop. */
@QuarkusTest
class LargeResponseUsageTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";

    @Inject
    GatewayClock clock;

    private final List<String> extractionThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        UsageWorkers.probe = null;
        clock.reset();
    }

    private Response post(String user, String body) {
        return postChat("budget-fixed", body, Map.of("x-user-id", user));
    }

    /**
     * Without a log row: the log writer shares the response's one usage read and, when it comes first, parses the body
     * on its own thread, leaving the settler nothing to parse (and this test nothing to see).
     */
    private Response postUnlogged(String user, String body) {
        return postChat("budget-fixed", body, Map.of("x-user-id", user, "cf-aig-collect-log", "false"));
    }

    private static long promptCost(String body) {
        return (body.length() + 3) / 4;
    }

    @Test
    void largeJsonResponseSettlesItsTokensOffTheEventLoop() {
        UsageWorkers.probe = bytes -> {
            if (bytes > 1024 * 1024) {
                extractionThreads.add((Context.isOnEventLoopThread() ? "event-loop " : "")
                        + Thread.currentThread().getName());
            }
        };
        StringBuilder json = new StringBuilder(6 * 1024 * 1024)
                .append("{\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":{\"content\":\"");
        while (json.length() < 6 * 1024 * 1024) {
            json.append("a long answer, \\u00e9t\\u00e9 \\\"quoted\\\" and more; ");
        }
        json.append("\"}}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":4000,\"total_tokens\":5000}}");
        String large = json.toString();
        upstream.onJson(CHAT, 200, large);
        long window = 60_000;
        clock.set((System.currentTimeMillis() / window
                                + ThreadLocalRandom.current().nextLong(1, 1_000_000))
                        * window
                + 1_000); // early in a window: the two requests below count in the same one
        String user = "u-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":0}";

        Response r = postUnlogged(user, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).hasSize(large.length());

        upstream.onJson(CHAT, 200, "{\"id\":\"c2\"}");
        String probe = "{\"max_tokens\":0}";
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        Long.parseLong(post(user, probe).header("RateLimit-Remaining")))
                .as("the 5000 tokens reported at the end of the body are charged, not the estimate")
                .isLessThanOrEqualTo(100_000 - 5000 - promptCost(probe)));
        assertThat(extractionThreads)
                .as("the body's usage was read on the usage workers, not an event loop")
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).startsWith(UsageWorkers.POOL_NAME));
    }
}
