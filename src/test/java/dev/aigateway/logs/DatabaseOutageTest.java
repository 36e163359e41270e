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
        for (int i = 0; i < 8; i++) { // a cold JVM answers its first requests slowly: not part of what is measured
            RestAssured.given()
                    .baseUri(gateway.toString())
                    .header("authorization", "Bearer sk-client")
                    .contentType("application/json")
                    .body("{\"model\":\"gpt-4o-mini\"}")
                    .post("v1/acct/default/openai/v1/chat/completions")
                    .then()
                    .statusCode(200);
        }
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> timings = new ConcurrentLinkedQueue<>(); // {sent, answered} ms since start
        AtomicInteger failures = new AtomicInteger();
        long begin = System.nanoTime();
        long end = begin + TimeUnit.SECONDS.toNanos(6);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = (System.nanoTime() - begin) / 1_000_000;
                    var response = RestAssured.given()
                            .baseUri(gateway.toString())
                            .header("authorization", "Bearer sk-client")
                            .contentType("application/json")
                            .body("{\"model\":\"gpt-4o-mini\"}")
                            .post("v1/acct/default/openai/v1/chat/completions");
                    if (response.statusCode() == 200) {
                        ids.add(response.header("cf-aig-log-id"));
                        timings.add(new long[] {sent, (System.nanoTime() - begin) / 1_000_000});
                    } else {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(1500);
        long cutAt = (System.nanoTime() - begin) / 1_000_000;
        PostgresProxy.cut();
        Thread.sleep(3000); // the database is unreachable for 3 s of the load, and until the writer has met it
        await().atMost(Duration.ofSeconds(30)) // (on a loaded machine the writer's next batch may come later)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> RestAssured.given()
                        .baseUri(gateway.toString())
                        .get("q/metrics")
                        .asString()
                        .contains("gateway_log_batches_total{result=\"error\"}"));
        long restoredAt = (System.nanoTime() - begin) / 1_000_000;
        PostgresProxy.restore();
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(failures.get()).isZero();
        // The request path never waits for the database: requests were sent and answered while it was unreachable
        // (a slow machine sends fewer of them, hence no count).
        assertThat(timings.stream().filter(t -> t[0] >= cutAt && t[1] < restoredAt))
                .as("requests answered during the outage")
                .isNotEmpty();
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
                all.size() + "\n" + phases(timings, cutAt, restoredAt) + "\n"
                        + String.join(
                                "\n",
                                metrics.lines()
                                        .filter(l -> l.startsWith("gateway_log"))
                                        .toList()));
        assertThat(metrics).contains("gateway_log_batches_total{result=\"error\"}");
    }

    /** Requests answered and their mean latency before, during and after the outage (measured, not asserted). */
    private static String phases(ConcurrentLinkedQueue<long[]> timings, long cutAt, long restoredAt) {
        long[][] sums = new long[3][2];
        for (long[] t : timings) {
            int phase = t[0] < cutAt ? 0 : t[0] < restoredAt ? 1 : 2;
            sums[phase][0]++;
            sums[phase][1] += t[1] - t[0];
        }
        String[] names = {"before", "during", "after"};
        StringBuilder out = new StringBuilder("phases (cut at " + cutAt + " ms, restored at " + restoredAt + " ms):");
        for (int p = 0; p < 3; p++) {
            out.append(' ')
                    .append(names[p])
                    .append('=')
                    .append(sums[p][0])
                    .append(" req, mean ")
                    .append(sums[p][0] == 0 ? 0 : sums[p][1] / sums[p][0])
                    .append(" ms;");
        }
        return out.toString();
    }
}
