package dev.aigateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The bytes that copies of responses in flight hold together are bounded ({@code gateway.response-copy-bytes}): past
 * the budget a response is relayed whole but not copied (not cached, its log payload cut), and every copy's bytes
 * come back when its response is over, whatever way it ended.
 */
@QuarkusTest
@TestProfile(ResponseCopyBudgetTest.SmallBudget.class)
class ResponseCopyBudgetTest extends GatewayTest {

    /** 64 KB for all copies in flight. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.response-copy-bytes", "64K");
        }
    }

    private static final String CHAT = "/openai/v1/chat/completions";
    private final String nonce = UUID.randomUUID().toString();

    private String body(String text) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + " " + nonce
                + "\"}]}";
    }

    private static String largeAnswer(int bytes) {
        StringBuilder json = new StringBuilder(bytes + 200)
                .append("{\"id\":\"big\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":{\"content\":\"");
        while (json.length() < bytes) {
            json.append("été 漢字 and more text; ");
        }
        return json.append("\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":7,\"total_tokens\":10}}")
                .toString();
    }

    private String metrics() {
        return given().baseUri(gateway.toString()).get("q/metrics").asString();
    }

    private double metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private void allCopiesGiveTheirBytesBack() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                        metric("gateway_response_copy_bytes"))
                .as("bytes held by copies once every response is over")
                .isZero());
    }

    @Test
    void aResponseLargerThanTheBudgetReachesTheClientWholeButIsNotCopied() {
        String large = largeAnswer(100 * 1024);
        upstream.onJson(CHAT, 200, large);
        double refusedBefore = metric("gateway_response_copies_refused_total");

        Response first = postChat("cached", body("large"), Map.of());
        Response second = postChat("cached", body("large"), Map.of());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.asByteArray()).isEqualTo(large.getBytes(StandardCharsets.UTF_8));
        assertThat(second.asByteArray()).isEqualTo(large.getBytes(StandardCharsets.UTF_8));
        assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(second.header("cf-aig-cache-status"))
                .as("the answer had no room in the copies' budget: nothing was stored")
                .isEqualTo("MISS");
        assertThat(upstream.received()).hasSize(2);
        assertThat(metric("gateway_response_copies_refused_total")).isGreaterThan(refusedBefore);
        String logId = second.header("cf-aig-log-id");
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(TestDb.logRow(logId))
                .as("the request is still logged")
                .isNotNull()
                .containsEntry("status_code", 200));
        allCopiesGiveTheirBytesBack();
    }

    @Test
    void aResponseWithinTheBudgetIsCachedAsUsual() {
        upstream.onJson(CHAT, 200, "{\"id\":\"small\",\"choices\":[]}");
        Response first = postChat("cached", body("small"), Map.of());
        Response second = postChat("cached", body("small"), Map.of());
        assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(second.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(upstream.received()).hasSize(1);
        allCopiesGiveTheirBytesBack();
    }

    @Test
    void everyWayAResponseEndsGivesItsBytesBack() {
        byte[] sse = ("data: {\"choices\":[{\"delta\":{\"content\":\"été\"}}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n\n"
                        + "data: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        // a stream relayed whole
        upstream.onSse(CHAT, sse, new int[] {7, 30, 61}, false, 0);
        String stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + nonce + "\"}]}";
        assertThat(postChat("cached", stream, Map.of()).asString()).endsWith("data: [DONE]\n\n");
        // an error answer
        upstream.onJson(CHAT, 500, "{\"error\":{\"message\":\"boom\"}}");
        assertThat(postChat("default", body("error"), Map.of()).statusCode()).isEqualTo(500);
        // a provider that breaks off mid-body
        upstream.on(CHAT, (req, b) -> {
            req.response().setChunked(true).putHeader("content-type", "application/json");
            req.response().write("{\"id\":\"cut\",\"choices\":[");
            upstream.vertx().setTimer(50, t -> req.connection().close());
        });
        try {
            postChat("cached", body("broken"), Map.of()).asString();
        } catch (Exception expected) {
            // the client saw the body break off
        }
        // a retry: the first attempt's error answer, then a large answer
        AtomicInteger calls = new AtomicInteger();
        String large = largeAnswer(20 * 1024);
        upstream.on(CHAT, (req, b) -> {
            int n = calls.incrementAndGet();
            req.response()
                    .setStatusCode(n == 1 ? 503 : 200)
                    .putHeader("content-type", "application/json")
                    .end(n == 1 ? "{\"error\":{\"message\":\"overloaded\"}}" : large);
        });
        assertThat(postChat("retrying", body("retry"), Map.of()).asString()).isEqualTo(large);
        assertThat(calls.get()).isEqualTo(2);
        allCopiesGiveTheirBytesBack();
    }
}
