package dev.aigateway.embedded;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The {@code prod} profile with neither Redis nor PostgreSQL reachable: the gateway starts, proxies, and reports
 * {@code degraded}, on exactly the addresses it was given — no embedded server is started for it.
 */
@QuarkusTest
@TestProfile(ProdProfileTest.ProdNothingReachable.class)
class ProdProfileTest extends GatewayTest {

    private static final String BEFORE = "dev.aigateway.embedded.test.processes-before-prod";

    public static class ProdNothingReachable implements QuarkusTestProfile {
        static final int DEAD = DeadPort.get();

        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.test-port", "0",
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + DEAD,
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + DEAD + "/aigateway",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + DEAD + "/aigateway");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProcessesBeforeStart.class));
        }
    }

    /** Notes this JVM's child processes before the application starts. */
    public static class ProcessesBeforeStart implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            System.setProperty(
                    BEFORE, descendants().stream().map(String::valueOf).collect(Collectors.joining(",")));
            return Map.of();
        }

        @Override
        public void stop() {
            System.clearProperty(BEFORE);
        }
    }

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @Test
    void prodWithNothingReachableProxiesDegradedAndStartsNothing() {
        assertThat(ServiceAddress.ofRedis(redisHosts).orElseThrow().answers())
                .as("the configured Redis stays the unreachable one: " + redisHosts)
                .isFalse();
        assertThat(ServiceAddress.ofPostgres(databaseUrl).orElseThrow().answers())
                .as("the configured PostgreSQL stays the unreachable one: " + databaseUrl)
                .isFalse();

        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        Response proxied = postChat("default", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", Map.of());
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.asString()).isEqualTo(Fixtures.read("openai/chat-completion.json"));

        JsonPath ready =
                given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("checks[0].data.mode")).isEqualTo("degraded");
        assertThat(ready.getString("checks[0].data.redis")).isEqualTo("down");
        assertThat(ready.getString("checks[0].data.log-database")).isEqualTo("down");

        Set<Long> before = Set.of(System.getProperty(BEFORE).split(",")).stream()
                .filter(s -> !s.isEmpty())
                .map(Long::valueOf)
                .collect(Collectors.toSet());
        assertThat(descendants())
                .as("no process started for the prod application")
                .allMatch(before::contains);
    }

    static Set<Long> descendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .command()
                        .filter(c -> c.contains("redis-server") || c.contains("postgres"))
                        .isPresent())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
