package dev.aigateway.embedded;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The test profile with the configured Redis and PostgreSQL unreachable (ports nothing listens on): the gateway
 * starts on the embedded servers instead, and the whole product works — a response is cached (HIT on the second
 * call) and both calls are found through the Logs API.
 */
@QuarkusTest
@TestProfile(EmbeddedServicesTest.NothingAnswers.class)
class EmbeddedServicesTest extends GatewayTest {

    static final int DEAD = DeadPort.get();

    public static class NothingAnswers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + DEAD,
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + DEAD + "/aigateway_embedded",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + DEAD + "/aigateway_embedded");
        }
    }

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @Test
    void withNothingListeningTheGatewayCachesAndLogsOnEmbeddedServers() {
        assertThat(redisHosts).isEqualTo("redis://" + System.getProperty(EmbeddedServers.REDIS));
        assertThat(databaseUrl)
                .isEqualTo("postgresql://" + System.getProperty(EmbeddedServers.POSTGRES) + "/aigateway_embedded");
        assertThat(EmbeddedServers.running(EmbeddedServers.REDIS)).isPresent();
        assertThat(EmbeddedServers.running(EmbeddedServers.POSTGRES)).isPresent();

        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID()
                + "\"}]}";
        Response first = postChat("cached", body, Map.of());
        Response second = postChat("cached", body, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(upstream.received()).hasSize(1);

        String logs = "/client/v4/accounts/acct/ai-gateway/gateways/cached/logs/";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Response call : new Response[] {first, second}) {
                given().header("authorization", "Bearer admin-secret")
                        .get(logs + call.header("cf-aig-log-id"))
                        .then()
                        .statusCode(200);
            }
        });
        Map<String, Object> miss = logRow(logs, first);
        Map<String, Object> hit = logRow(logs, second);
        assertThat(miss).containsEntry("cached", false).containsEntry("status_code", 200);
        assertThat(hit).containsEntry("cached", true).containsEntry("status_code", 200);

        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/health/ready").jsonPath().getString("checks[0].data.mode"))
                .isEqualTo("full");
    }

    private static Map<String, Object> logRow(String logs, Response call) {
        return given().header("authorization", "Bearer admin-secret")
                .get(logs + call.header("cf-aig-log-id"))
                .jsonPath()
                .getMap("result");
    }
}
