package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway {@code log-management} (test profile: 3 rows) with {@code STOP_INSERTING} (gateway {@code keep3}) and
 * {@code DELETE_OLDEST} ({@code rolling3}); the row count is kept in {@code gateway_log_counts}, never counted.
 */
@QuarkusTest
class RetentionTest extends GatewayTest {

    @BeforeEach
    void emptyTheGateways() {
        TestDb.update("DELETE FROM request_logs WHERE gateway_id IN ('keep3', 'rolling3')");
        TestDb.update("DELETE FROM gateway_log_counts WHERE gateway_id IN ('keep3', 'rolling3')");
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
    }

    private List<String> sendFive(String gatewayId) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(postChat(gatewayId, "{}", Map.of()).header("cf-aig-log-id"));
            Thread.sleep(120); // separate writer batches, in order
        }
        return ids;
    }

    private static List<String> storedIds(String gatewayId) {
        return TestDb.query(
                        "SELECT id::text AS id FROM request_logs WHERE gateway_id = ? ORDER BY created_at, id",
                        gatewayId)
                .stream()
                .map(r -> (String) r.get("id"))
                .toList();
    }

    private static long counted(String gatewayId) {
        return (Long) TestDb.query("SELECT row_count FROM gateway_log_counts WHERE gateway_id = ?", gatewayId)
                .get(0)
                .get("row_count");
    }

    @Test
    void stopInsertingKeepsTheFirstRowsAndDropsTheRest() throws Exception {
        List<String> ids = sendFive("keep3");
        await().atMost(Duration.ofSeconds(10)).until(() -> storedIds("keep3").size() == 3);
        Thread.sleep(500);
        assertThat(storedIds("keep3")).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(counted("keep3")).isEqualTo(3);
    }

    @Test
    void deleteOldestKeepsTheNewestRows() throws Exception {
        List<String> ids = sendFive("rolling3");
        await().atMost(Duration.ofSeconds(10)).until(() -> storedIds("rolling3").equals(ids.subList(2, 5)));
        assertThat(counted("rolling3")).isEqualTo(3);
        // the deleted rows' bodies went with them, the kept rows' stayed
        assertThat(TestDb.query(
                        "SELECT log_id::text AS id FROM request_log_payloads WHERE log_id = ANY(?::uuid[])"
                                + " ORDER BY log_id",
                        (Object) ids.toArray(String[]::new)))
                .extracting(r -> r.get("id"))
                .containsExactlyElementsOf(ids.subList(2, 5));
    }
}
