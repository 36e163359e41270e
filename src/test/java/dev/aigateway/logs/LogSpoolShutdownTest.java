package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.PostgresProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Shutdown with PostgreSQL unreachable: once {@code shutdown-flush-timeout} is spent, the rows still queued are kept
 * in the spool (to be written at the next start), not dropped.
 */
@QuarkusTest
@TestProfile(LogSpoolShutdownTest.NoSpillWhileRunning.class)
class LogSpoolShutdownTest extends GatewayTest {

    static final Path DIR = Path.of("target", "log-spool-shutdown-test");

    public static class NoSpillWhileRunning implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresProxy.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                LogSpoolOutageTest.emptyDirectory(DIR);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of(
                    "gateway.logs.spool", "true",
                    "gateway.logs.spool-dir", DIR.toString(),
                    "gateway.logs.spool-above", "1000000", // nothing spills while running
                    "gateway.logs.shutdown-flush-timeout", "500ms",
                    "gateway.logs.retry-delay", "300ms",
                    "quarkus.datasource.reactive.idle-timeout", "1s");
        }
    }

    @Inject
    LogWriter writer;

    @Test
    void rowsLeftAtShutdownAreKeptInTheSpool() throws Exception {
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":3}}");
        PostgresProxy.cut();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                var r = postChat("default", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", Map.of());
                r.then().statusCode(200);
                ids.add(r.header("cf-aig-log-id"));
            }
            assertThat(writer.spooled()).isZero();
            writer.stop(new ShutdownEvent()); // as Quarkus does at shutdown (a second call is a no-op)
        } finally {
            PostgresProxy.restore();
        }
        assertThat(writer.queued()).isZero();
        assertThat(writer.spooled()).isEqualTo(5);
        List<String> kept = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".rows"))::iterator) {
                try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
                    LogSpoolCodec.read(in).forEach(r -> kept.add(r.log().id.toString()));
                }
            }
        }
        assertThat(kept).containsExactlyInAnyOrderElementsOf(ids);
    }
}
