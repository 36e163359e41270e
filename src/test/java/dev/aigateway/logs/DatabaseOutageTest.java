package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.PostgresProxy;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away mid-load for a few seconds: requests keep succeeding (logging is never on the request path),
 * events wait in the writer's queue, and once the database is back every request has its row (row parity).
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.BehindProxy.class)
class DatabaseOutageTest extends GatewayTest {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.logs.retry-delay", "300ms", "quarkus.datasource.reactive.idle-timeout", "1s");
        }
    }

    @Test
    void everyRequestHasItsRowAfterTheDatabaseComesBack() throws Exception {
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    var response = RestAssured.given()
                            .baseUri(gateway.toString())
                            .header("authorization", "Bearer sk-client")
                            .contentType("application/json")
                            .body("{\"model\":\"gpt-4o-mini\"}")
                            .post("v1/acct/default/openai/v1/chat/completions");
                    if (response.statusCode() == 200) {
                        ids.add(response.header("cf-aig-log-id"));
                    } else {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(1500);
        PostgresProxy.cut();
        Thread.sleep(3000); // the database is unreachable for 3 s of the load
        PostgresProxy.restore();
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(failures.get()).isZero();
        assertThat(ids)
                .hasSizeGreaterThan(20); // traffic before, during and after the outage (a slow machine sends less)
        List<String> all = List.copyOf(ids);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    long stored = (Long)
                            TestDb.query("SELECT count(*) AS n FROM request_logs WHERE id = ANY(?::uuid[])", (Object)
                                            all.toArray(new String[0]))
                                    .get(0)
                                    .get("n");
                    assertThat(stored).isEqualTo(all.size());
                });
        // the outage really hit the writer: batches failed meanwhile and were written again afterwards
        String metrics =
                RestAssured.given().baseUri(gateway.toString()).get("q/metrics").asString();
        java.nio.file.Files.writeString(
                java.nio.file.Path.of("target/outage-metrics.txt"),
                all.size() + "\n"
                        + String.join(
                                "\n",
                                metrics.lines()
                                        .filter(l -> l.startsWith("gateway_log"))
                                        .toList()));
        assertThat(metrics).contains("gateway_log_batches_total{result=\"error\"}");
    }
}
