package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.PostgresProxy;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL unreachable, queued log events hold at most {@code gateway.logs.queue-max-bytes}: beyond it rows are
 * queued without their bodies, and every row is written once the database is back.
 */
@QuarkusTest
@TestProfile(LogQueueBytesTest.SmallQueue.class)
class LogQueueBytesTest extends GatewayTest {

    private static final long MAX = 2 * 1024 * 1024;

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.logs.queue-max-bytes", Long.toString(MAX),
                    "gateway.logs.retry-delay", "300ms",
                    "quarkus.datasource.reactive.idle-timeout", "1s");
        }
    }

    @Inject
    LogWriter writer;

    @Test
    void largeResponsesDuringAnOutageKeepTheQueueWithinItsByteBound() {
        String filler = "x".repeat(900 * 1024);
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":{\"content\":\"" + filler
                        + "\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        PostgresProxy.cut();
        List<String> ids = new ArrayList<>();
        long maxSeen = 0;
        try {
            for (int i = 0; i < 12; i++) {
                var r = postChat("default", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", Map.of());
                r.then().statusCode(200);
                ids.add(r.header("cf-aig-log-id"));
                maxSeen = Math.max(maxSeen, writer.queuedBytes());
            }
            assertThat(writer.queued()).isGreaterThanOrEqualTo(12);
            assertThat(maxSeen).isLessThanOrEqualTo(MAX);
        } finally {
            PostgresProxy.restore();
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(TestDb.query(
                                "SELECT payload_stored FROM request_logs WHERE id = ANY(?::uuid[])",
                                (Object) ids.toArray(new String[0])))
                        .hasSize(ids.size()));
        List<Map<String, Object>> rows =
                TestDb.query("SELECT payload_stored FROM request_logs WHERE id = ANY(?::uuid[])", (Object)
                        ids.toArray(new String[0]));
        long withBodies = rows.stream()
                .filter(r -> Boolean.TRUE.equals(r.get("payload_stored")))
                .count();
        assertThat(withBodies).isBetween(1L, 2L); // the first ~2 MB kept their bodies, the rest only their rows
        assertThat(RestAssured.given()
                        .baseUri(gateway.toString())
                        .get("q/metrics")
                        .asString())
                .contains("gateway_log_payloads_dropped_total{reason=\"queue_bytes\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queuedBytes() == 0);
    }
}
