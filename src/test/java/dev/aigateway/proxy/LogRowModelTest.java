package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The log row names the model the request asked for, read once from the body the gateway held, also when the gateway
 * answered itself and the provider never saw the request.
 */
@QuarkusTest
class LogRowModelTest extends GatewayTest {

    private Map<String, Object> row(Response r) {
        String id = r.header("cf-aig-log-id");
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(id) != null);
        return TestDb.logRow(id);
    }

    @Test
    void aRequestRefusedByATokenLimitIsLoggedWithItsModel() {
        String body = "{\"model\":\"gpt-4o-mini-refused\",\"max_tokens\":200000,\"messages\":[]}";
        Response r = postChat("budget-fixed", body, Map.of("x-user-id", "u-" + UUID.randomUUID()));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(upstream.received()).isEmpty();
        Map<String, Object> row = row(r);
        assertThat(row.get("status_code")).isEqualTo(429);
        assertThat(row.get("model")).isEqualTo("gpt-4o-mini-refused");
    }

    @Test
    void aRequestWithAnInvalidOutputCapIsLoggedWithItsModel() {
        String body = "{\"model\":\"gpt-4o-mini-invalid\",\"max_tokens\":\"lots\",\"messages\":[]}";
        Response r = postChat("budget-fixed", body, Map.of("x-user-id", "u-" + UUID.randomUUID()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(upstream.received()).isEmpty();
        assertThat(row(r).get("model")).isEqualTo("gpt-4o-mini-invalid");
    }
}
