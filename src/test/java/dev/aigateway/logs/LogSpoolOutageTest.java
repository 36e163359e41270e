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
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With the spool on: while PostgreSQL is unreachable, the queue stays short (batches go to disk past
 * {@code spool-above}), and once it answers every row is written from the spool, bodies included; rows a earlier
 * process left in the spool directory are written at start.
 */
@QuarkusTest
@TestProfile(LogSpoolOutageTest.Spooling.class)
class LogSpoolOutageTest extends GatewayTest {

    static final Path DIR = Path.of("target", "log-spool-outage-test");
    static final UUID LEFT_1 = UUID.randomUUID();
    static final UUID LEFT_2 = UUID.randomUUID();

    public static class Spooling implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            leaveRowsOfAnEarlierRun();
            return Map.of(
                    "gateway.logs.spool", "true",
                    "gateway.logs.spool-dir", DIR.toString(),
                    "gateway.logs.spool-above", "3",
                    "gateway.logs.batch-size", "4",
                    "gateway.logs.retry-delay", "300ms",
                    "quarkus.datasource.reactive.idle-timeout", "1s");
        }
    }

    /** Creates {@code dir}, or deletes what it holds (a spool left by an earlier run of the test). */
    static void emptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }

    /** A spool file as a gateway that died before writing it would have left it: two rows, one with its bodies. */
    static void leaveRowsOfAnEarlierRun() {
        try {
            emptyDirectory(DIR);
            Files.writeString(DIR.resolve("7.tmp"), "a spill cut short"); // removed at start, never read
            List<LogRow> rows = new ArrayList<>();
            for (UUID id : List.of(LEFT_1, LEFT_2)) {
                RequestLogEntity log = new RequestLogEntity();
                log.id = id;
                log.createdAt = Instant.now();
                log.gatewayId = "default";
                log.provider = "openai";
                log.model = "gpt-4o-mini";
                log.path = "v1/chat/completions";
                log.success = true;
                log.statusCode = 200;
                log.durationMs = 12;
                LogPayloadEntity payload = null;
                if (id == LEFT_1) {
                    log.payloadStored = true;
                    payload = new LogPayloadEntity();
                    payload.logId = id;
                    payload.requestBody = "{\"left\":1}".getBytes();
                }
                rows.add(new LogRow(log, payload));
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(DIR.resolve("5.rows")))) {
                LogSpoolCodec.write(out, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Inject
    LogWriter writer;

    @Test
    void rowsLeftByAnEarlierRunAreWrittenAtStart() {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDb.logRow(LEFT_2.toString()) != null);
        assertThat(TestDb.logRow(LEFT_1.toString())).containsEntry("payload_stored", true);
        assertThat(TestDb.query(
                        "SELECT request_body FROM request_log_payloads WHERE log_id = ?::uuid", LEFT_1.toString()))
                .singleElement()
                .satisfies(p ->
                        assertThat(new String((byte[]) p.get("request_body"))).isEqualTo("{\"left\":1}"));
        assertThat(DIR.resolve("7.tmp")).doesNotExist();
    }

    @Test
    void anOutageSpillsToDiskAndEveryRowIsWrittenOnceTheDatabaseIsBack() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> writer.spooled() == 0); // the earlier run's rows
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":{\"content\":\"hi\"}}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        PostgresProxy.cut();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                var r = postChat("default", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", Map.of());
                r.then().statusCode(200);
                ids.add(r.header("cf-aig-log-id"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.queued() <= 8);
            assertThat(writer.spooled()).isGreaterThanOrEqualTo(20);
            try (Stream<Path> files = Files.list(DIR)) {
                assertThat(files.filter(p -> p.toString().endsWith(".rows")).count())
                        .isGreaterThanOrEqualTo(5);
            }
        } finally {
            PostgresProxy.restore();
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(TestDb.query(
                                "SELECT tokens_in, payload_stored FROM request_logs WHERE id = ANY(?::uuid[])",
                                (Object) ids.toArray(new String[0])))
                        .hasSize(ids.size())
                        .allSatisfy(row -> assertThat(row).containsEntry("tokens_in", 3L)));
        assertThat(TestDb.query("SELECT count(*) AS n FROM request_log_payloads WHERE log_id = ANY(?::uuid[])", (Object)
                        ids.toArray(new String[0])))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("n", (long) ids.size()));
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.spooled() == 0);
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.filter(p -> p.toString().endsWith(".rows"))).isEmpty();
        }
        String metrics =
                RestAssured.given().baseUri(gateway.toString()).get("q/metrics").asString();
        assertThat(metrics).contains("gateway_log_rows_spooled_total").contains("gateway_log_spool_rows 0.0");
        assertThat(metrics).doesNotContain("gateway_log_rows_dropped_total{reason=\"queue_full\"}");
    }
}
