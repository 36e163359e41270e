package dev.aigateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Limits seen from the client (429 envelope, headers) and from the provider (refused requests never reach it). */
@QuarkusTest
class RateLimitTest extends GatewayTest {

    private static final long TEN_MINUTES = 600_000;

    @Inject
    GatewayClock clock;

    @BeforeEach
    void answer() {
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"id\":\"c1\",\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":10,\"total_tokens\":30}}");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** A fresh, window-aligned time far from other runs' counters (Redis outlives the test JVM). */
    private void startOfFreshWindow() {
        long window = System.currentTimeMillis() / TEN_MINUTES
                + ThreadLocalRandom.current().nextLong(1, 1_000_000);
        clock.set(window * TEN_MINUTES);
    }

    private Response post(String gatewayId, Map<String, String> headers, String body) {
        return postChat(gatewayId, body, headers);
    }

    private Response post(String gatewayId, Map<String, String> headers) {
        return post(gatewayId, headers, "{\"model\":\"gpt-4o-mini\"}");
    }

    private int allowedOf(String gatewayId, int count) {
        return okCount(gatewayId, Map.of(), count);
    }

    /** Cloudflare's example: 10 per 10 minutes; 10 requests at 12:09, 10 more at 12:11. */
    @Test
    void fixedWindowsResetAtTheBoundary() {
        startOfFreshWindow();
        long start = clock.millis();
        clock.set(start + 9 * 60_000);
        assertThat(allowedOf("rl-fixed", 10)).isEqualTo(10);
        clock.set(start + 11 * 60_000);
        assertThat(allowedOf("rl-fixed", 10)).as("a new window began at :10").isEqualTo(10);
    }

    @Test
    void slidingWindowCountsTheTrailingInterval() {
        startOfFreshWindow();
        long start = clock.millis();
        clock.set(start + 9 * 60_000);
        assertThat(allowedOf("rl-sliding", 10)).isEqualTo(10);
        clock.set(start + 11 * 60_000);
        assertThat(allowedOf("rl-sliding", 10))
                .as("the 10 from 2 minutes ago still count")
                .isZero();
        clock.set(start + 19 * 60_000 + 30_000);
        assertThat(allowedOf("rl-sliding", 10)).as("10 minutes after them").isEqualTo(10);
    }

    /** A refused request waits for the oldest sub-window that counts, whatever order Redis keeps the buckets in. */
    @Test
    void slidingRetryAfterIsWhenTheOldestCountedRequestsLeave() {
        startOfFreshWindow();
        long start = clock.millis();
        clock.set(start + 60_000);
        assertThat(allowedOf("rl-sliding", 2)).isEqualTo(2);
        clock.set(start + 3 * 60_000);
        assertThat(allowedOf("rl-sliding", 3)).isEqualTo(3);
        clock.set(start + 2 * 60_000); // a replica whose clock is behind: an earlier bucket written later
        assertThat(allowedOf("rl-sliding", 5)).isEqualTo(5);
        clock.set(start + 5 * 60_000);
        Response limited = post("rl-sliding", Map.of());
        assertThat(limited.statusCode()).isEqualTo(429);
        // the 2 of minute 1 leave at minute 11: 6 minutes from now (not the 5 of minute 2, nor the 3 of minute 3)
        assertThat(Long.parseLong(limited.header("Retry-After"))).isEqualTo(360);
        assertThat(Long.parseLong(limited.header("RateLimit-Reset"))).isEqualTo(360);
    }

    @Test
    void limitedRequestGetsEnvelopeAndHeadersAndNeverReachesTheProvider() {
        startOfFreshWindow(); // 3 per clock-aligned minute: calls straddling a minute's end would count twice
        String user = "user-" + UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            Response ok = post("limited", Map.of("x-user-id", user));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(Integer.toString(3 - i));
            assertThat(Long.parseLong(ok.header("RateLimit-Reset"))).isBetween(1L, 60L);
        }
        upstream.reset();
        Response limited = post("limited", Map.of("x-user-id", user));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.contentType()).isEqualTo("application/json");
        assertThat(limited.jsonPath().getBoolean("success")).isFalse();
        assertThat(limited.jsonPath().getInt("error[0].code")).isEqualTo(2003);
        assertThat(limited.jsonPath().getString("error[0].message")).isEqualTo("Rate limited");
        assertThat(limited.jsonPath().getString("name")).isEqualTo("AiGatewayError");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("cf-aig-log-id")).isNotBlank();
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void identifiersAreCountedApart() {
        startOfFreshWindow(); // 3 per clock-aligned minute: calls straddling a minute's end would count twice
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(post("limited", Map.of("x-user-id", alice)).statusCode()).isEqualTo(200);
        }
        assertThat(post("limited", Map.of("x-user-id", alice)).statusCode()).isEqualTo(429);
        assertThat(post("limited", Map.of("x-user-id", bob)).statusCode()).isEqualTo(200);
        assertThat(post("limited", Map.of()).statusCode())
                .as("requests without the identifier are not counted by that rule")
                .isEqualTo(200);
    }

    @Test
    void metadataFieldIsAnIdentifier() {
        String team = "{\"team\":\"t-" + UUID.randomUUID() + "\",\"user\":\"x\"}";
        String other = "{\"team\":\"t-" + UUID.randomUUID() + "\"}";
        int allowed = 0;
        for (int i = 0; i < 7; i++) {
            allowed += post("limited", Map.of("cf-aig-metadata", team)).statusCode() == 200 ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(5);
        assertThat(post("limited", Map.of("cf-aig-metadata", other)).statusCode())
                .isEqualTo(200);
    }

    /** Reserve the estimate (prompt bytes / 4 + max_tokens) up front, settle with the reported usage afterwards. */
    @Test
    void tokenLimitReservesThenSettles() {
        String user = "u-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":500,\"q\":\"" + user + "\"}";
        long estimate = (body.length() + 3) / 4 + 500;

        Response first = post("budget", Map.of("x-user-id", user, "cf-aig-skip-cache", "true"), body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("RateLimit-Remaining")).isEqualTo(Long.toString(1000 - estimate));

        // The response reported 30 tokens: the reservation shrinks to that once settled.
        Awaitility.await().untilAsserted(() -> {
            Response probe = post("budget", Map.of("x-user-id", user, "cf-aig-cache-ttl", "0"), "{\"max_tokens\":0}");
            long probeCost = ("{\"max_tokens\":0}".length() + 3) / 4;
            assertThat(Long.parseLong(probe.header("RateLimit-Remaining")))
                    .isGreaterThanOrEqualTo(1000 - 30 - 200 - probeCost);
        });

        Response tooBig = post("budget", Map.of("x-user-id", user), "{\"model\":\"gpt-4o-mini\",\"max_tokens\":2000}");
        assertThat(tooBig.statusCode()).isEqualTo(429);
        assertThat(tooBig.jsonPath().getInt("error[0].code")).isEqualTo(2003);
    }

    @Test
    void cacheHitsCountAsRequestsButNotTokens() {
        String user = "u-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"q\":\"" + user + "\"}";
        Response miss = post("budget", Map.of("x-user-id", user), body);
        assertThat(miss.header("cf-aig-cache-status")).isEqualTo("MISS");
        Awaitility.await().until(() -> "HIT"
                .equals(post("budget", Map.of("x-user-id", user), body).header("cf-aig-cache-status")));

        // Only the miss's 30 real tokens stay counted; every hit's reservation is released.
        Awaitility.await().untilAsserted(() -> {
            Response hit = post("budget", Map.of("x-user-id", user), body);
            assertThat(hit.header("cf-aig-cache-status")).isEqualTo("HIT");
            long reservedByThisHit = (body.length() + 3) / 4 + 100;
            assertThat(hit.header("RateLimit-Remaining")).isEqualTo(Long.toString(1000 - 30 - reservedByThisHit));
        });
        assertThat(upstream.received()).hasSize(1);
    }

    /**
     * A gateway that caches and limits tokens keeps one copy of the response for both: the HIT replays the MISS's
     * bytes exactly, and the MISS's reservation was settled with the usage read from that same copy (a body past the
     * inline size, so the usage is parsed on a worker while the cache stores the copy).
     */
    @Test
    void oneCopyOfTheResponseServesTheCacheAndTheTokenSettlement() {
        String user = "u-" + UUID.randomUUID();
        StringBuilder answer = new StringBuilder("{\"id\":\"c-").append(user).append("\",\"choices\":[{\"message\":");
        answer.append("{\"content\":\"");
        while (answer.length() < 200_000) {
            answer.append("été 漢字 😀 and more; ");
        }
        answer.append("\"}}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":70,\"total_tokens\":77}}");
        byte[] sent = answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        upstream.onJson("/openai/v1/chat/completions", 200, answer.toString());
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"q\":\"" + user + "\"}";

        Response miss = post("budget", Map.of("x-user-id", user), body);
        assertThat(miss.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(miss.asByteArray()).isEqualTo(sent);

        Awaitility.await().untilAsserted(() -> {
            Response hit = post("budget", Map.of("x-user-id", user), body);
            assertThat(hit.header("cf-aig-cache-status")).isEqualTo("HIT");
            assertThat(hit.asByteArray())
                    .as("the replay is what the client got")
                    .isEqualTo(sent);
            long reservedByThisHit = (body.length() + 3) / 4 + 100;
            assertThat(hit.header("RateLimit-Remaining"))
                    .as("the miss is charged the 77 tokens its answer reported, the hits nothing")
                    .isEqualTo(Long.toString(1000 - 77 - reservedByThisHit));
        });
        assertThat(upstream.received()).hasSize(1);
    }

    private int okCount(String gatewayId, Map<String, String> headers, int count) {
        int ok = 0;
        for (int i = 0; i < count; i++) {
            int status = post(gatewayId, headers).statusCode();
            assertThat(status).isIn(200, 429);
            ok += status == 200 ? 1 : 0;
        }
        return ok;
    }

    @Test
    void providerKeyGatewayTokenAndClientIpAreIdentifiers() {
        startOfFreshWindow(); // fixed windows: a fresh window for this run's counters
        String keyA = "sk-a-" + UUID.randomUUID();
        String keyB = "sk-b-" + UUID.randomUUID();
        assertThat(okCount("by-key", Map.of("authorization", "Bearer " + keyA), 3))
                .isEqualTo(2);
        assertThat(okCount("by-key", Map.of("authorization", "Bearer " + keyB), 1))
                .isEqualTo(1);

        assertThat(okCount("by-token", Map.of("cf-aig-authorization", "Bearer tok-a"), 3))
                .isEqualTo(2);
        assertThat(okCount("by-token", Map.of("cf-aig-authorization", "Bearer tok-b"), 1))
                .isEqualTo(1);

        assertThat(okCount("by-ip", Map.of(), 3))
                .as("every test request comes from 127.0.0.1")
                .isEqualTo(2);
    }
}
