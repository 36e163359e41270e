package dev.aigateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retries of one provider call, seen at the HTTP edge: what the upstream received and when, and what the client got.
 * Timing assertions use generous tolerances (a busy 2-core machine).
 */
@QuarkusTest
class RetryTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String OK = Fixtures.read("openai/chat-completion.json");
    private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

    /** Answers {@code failures} times with {@code status}, then the normal completion; records arrival times. */
    private List<Long> failThenSucceed(int failures, int status, String body, Map<String, String> headers) {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        upstream.on(CHAT, (req, b) -> {
            arrivals.add(System.nanoTime());
            var response = req.response().putHeader("content-type", "application/json");
            if (calls.incrementAndGet() <= failures) {
                headers.forEach(response::putHeader);
                response.setStatusCode(status).end(body);
            } else {
                response.end(OK);
            }
        });
        return arrivals;
    }

    private static List<Long> gapsMillis(List<Long> arrivals) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < arrivals.size(); i++) {
            gaps.add((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000);
        }
        return gaps;
    }

    @Test
    void twoFailuresThenSuccessWithConstantBackoff() {
        List<Long> arrivals = failThenSucceed(2, 503, OVERLOADED, Map.of());
        String eventId = "retry-" + java.util.UUID.randomUUID();
        String logId = postChat(
                        "default",
                        "{}",
                        Map.of("cf-aig-max-attempts", "3", "cf-aig-retry-delay", "300", "cf-aig-event-id", eventId))
                .then()
                .statusCode(200)
                .header("cf-aig-attempts", "3")
                .body("id", equalTo("chatcmpl-1"))
                .extract()
                .header("cf-aig-log-id");
        assertThat(arrivals).hasSize(3);
        assertThat(gapsMillis(arrivals)).allSatisfy(gap -> assertThat(gap).isBetween(280L, 1_500L));
        // every attempt carried the same body and credential
        assertThat(upstream.received()).allSatisfy(r -> {
            assertThat(r.body().toString()).isEqualTo("{}");
            assertThat(r.header("authorization")).isEqualTo("Bearer sk-client");
        });
        // a row per attempt, linked by the event id; the request's log id is the attempt that answered
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() ->
                        dev.aigateway.testing.TestDb.query("SELECT 1 FROM request_logs WHERE event_id = ?", eventId)
                                        .size()
                                == 3);
        List<Map<String, Object>> rows = dev.aigateway.testing.TestDb.query(
                "SELECT id::text AS id, attempt, status_code, success, error_class FROM request_logs"
                        + " WHERE event_id = ? ORDER BY attempt",
                eventId);
        assertThat(rows).extracting(r -> r.get("attempt")).containsExactly(1, 2, 3);
        assertThat(rows).extracting(r -> r.get("status_code")).containsExactly(503, 503, 200);
        assertThat(rows).extracting(r -> r.get("error_class")).containsExactly("retryable", "retryable", null);
        assertThat(rows.get(2).get("id")).isEqualTo(logId);
        assertThat(rows.get(0).get("id"))
                .isNotEqualTo(logId)
                .isNotEqualTo(rows.get(1).get("id"));
    }

    @Test
    void linearBackoffGrowsByTheBaseDelay() {
        List<Long> arrivals = failThenSucceed(2, 500, OVERLOADED, Map.of());
        postChat(
                        "default",
                        "{}",
                        Map.of("cf-aig-max-attempts", "3", "cf-aig-retry-delay", "300", "cf-aig-backoff", "linear"))
                .then()
                .statusCode(200);
        List<Long> gaps = gapsMillis(arrivals);
        assertThat(gaps).hasSize(2);
        assertThat(gaps.get(0)).isBetween(280L, 1_000L);
        assertThat(gaps.get(1)).isBetween(580L, 1_600L);
    }

    @Test
    void exponentialBackoffDoublesTheDelay() {
        List<Long> arrivals = failThenSucceed(3, 502, OVERLOADED, Map.of());
        postChat(
                        "default",
                        "{}",
                        Map.of(
                                "cf-aig-max-attempts",
                                "4",
                                "cf-aig-retry-delay",
                                "200",
                                "cf-aig-backoff",
                                "exponential"))
                .then()
                .statusCode(200)
                .header("cf-aig-attempts", "4");
        List<Long> gaps = gapsMillis(arrivals);
        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(0)).isBetween(180L, 900L);
        assertThat(gaps.get(1)).isBetween(380L, 1_200L);
        assertThat(gaps.get(2)).isBetween(780L, 1_800L);
    }

    @Test
    void gatewaySettingsApplyAndARequestHeaderOverridesThem() {
        List<Long> arrivals = failThenSucceed(2, 503, OVERLOADED, Map.of());
        postChat("retrying", "{}", Map.of()).then().statusCode(200).header("cf-aig-attempts", "3");
        assertThat(arrivals).hasSize(3);

        upstream.reset();
        List<Long> once = failThenSucceed(2, 503, OVERLOADED, Map.of());
        postChat("retrying", "{}", Map.of("cf-aig-max-attempts", "1"))
                .then()
                .statusCode(503)
                .body(equalTo(OVERLOADED));
        assertThat(once).hasSize(1);
    }

    @Test
    void validationErrorsAreNeverRetried() {
        String invalid = "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}";
        List<Long> arrivals = failThenSucceed(5, 400, invalid, Map.of());
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "5"))
                .then()
                .statusCode(400)
                .header("cf-aig-attempts", "1")
                .body(equalTo(invalid));
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void outOfQuota429IsNotRetriedButRateLimit429Is() {
        String quota = "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                + "\"code\":\"insufficient_quota\"}}";
        List<Long> arrivals = failThenSucceed(5, 429, quota, Map.of());
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "3"))
                .then()
                .statusCode(429)
                .body(equalTo(quota));
        assertThat(arrivals).hasSize(1);

        upstream.reset();
        String slowDown = "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}";
        List<Long> retried = failThenSucceed(1, 429, slowDown, Map.of("retry-after-ms", "400"));
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "3")).then().statusCode(200);
        assertThat(retried).hasSize(2);
        // the provider's retry-after-ms (400) wins over the (zero) configured delay
        assertThat(gapsMillis(retried).get(0)).isBetween(380L, 1_500L);
    }

    @Test
    void retryAfterLongerThanTheCapIsNotWaitedFor() {
        String slowDown = "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}";
        List<Long> arrivals = failThenSucceed(5, 429, slowDown, Map.of("retry-after", "60"));
        long start = System.nanoTime();
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "3"))
                .then()
                .statusCode(429)
                .header("retry-after", "60");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000L);
        assertThat(arrivals).hasSize(1);
    }

    @Test
    void attemptsAreClampedToFive() {
        List<Long> arrivals = failThenSucceed(100, 503, OVERLOADED, Map.of());
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "9"))
                .then()
                .statusCode(503)
                .header("cf-aig-attempts", "5");
        assertThat(arrivals).hasSize(5);
    }

    @Test
    void retryDelayIsClampedTo5Seconds() {
        List<Long> arrivals = failThenSucceed(1, 503, OVERLOADED, Map.of());
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "2", "cf-aig-retry-delay", "60000"))
                .then()
                .statusCode(200);
        assertThat(gapsMillis(arrivals).get(0)).isBetween(4_900L, 7_000L);
    }

    @Test
    void firstByteTimeoutOnASilentProviderReturnsWithinTheTimeout() {
        upstream.on(CHAT, (req, b) -> {
            // never answers
        });
        long start = System.nanoTime();
        postChat("default", "{}", Map.of("cf-aig-request-timeout", "400"))
                .then()
                .statusCode(504)
                .body("error[0].code", equalTo(2102));
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(350L, 2_500L);
    }

    @Test
    void timeoutsAreRetriedLikeOtherTransientFailures() {
        AtomicInteger calls = new AtomicInteger();
        upstream.on(CHAT, (req, b) -> {
            if (calls.incrementAndGet() > 1) {
                req.response().putHeader("content-type", "application/json").end(OK);
            } // the first attempt gets silence
        });
        postChat("default", "{}", Map.of("cf-aig-request-timeout", "300", "cf-aig-max-attempts", "2"))
                .then()
                .statusCode(200)
                .header("cf-aig-attempts", "2");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void streamsAreRetriedBeforeTheirFirstByte() {
        AtomicInteger calls = new AtomicInteger();
        upstream.on(CHAT, (req, b) -> {
            if (calls.incrementAndGet() == 1) {
                req.response().setStatusCode(529).end("{\"type\":\"error\"}");
                return;
            }
            req.response().putHeader("content-type", "text/event-stream").end("data: {\"n\":1}\n\ndata: [DONE]\n\n");
        });
        Response response = postChat("default", "{\"stream\":true}", Map.of("cf-aig-max-attempts", "2"));
        response.then().statusCode(200).header("cf-aig-attempts", "2");
        assertThat(response.asString()).isEqualTo("data: {\"n\":1}\n\ndata: [DONE]\n\n");
    }

    @Test
    void officialOpenAiClientGetsTheAnswerAfterTheGatewayRetried() {
        List<Long> arrivals = failThenSucceed(2, 503, OVERLOADED, Map.of());
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/retrying/openai")
                .apiKey("sk-client")
                .maxRetries(0) // only the gateway retries
                .build();
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("hi")
                        .build());
        assertThat(completion.id()).isEqualTo("chatcmpl-1");
        assertThat(arrivals).hasSize(3);
    }

    @Test
    void attemptsAreCountedInMetrics() {
        failThenSucceed(1, 503, OVERLOADED, Map.of());
        postChat("default", "{}", Map.of("cf-aig-max-attempts", "2")).then().statusCode(200);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics)
                .contains("gateway_upstream_attempts_total{outcome=\"retryable\",provider=\"openai\"}")
                .contains("gateway_upstream_attempts_total{outcome=\"success\",provider=\"openai\"}");
    }
}
