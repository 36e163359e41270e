package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.LocalServices;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configured log database that does not exist on a PostgreSQL that answers: the gateway creates it, migrates it,
 * and writes request logs into it — nobody has to run {@code createdb} first.
 */
@QuarkusTest
@TestProfile(DatabaseAutoCreateTest.MissingDatabase.class)
class DatabaseAutoCreateTest extends GatewayTest {

    static final String DATABASE = "aigateway_autocreate";

    public static class MissingDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DroppedDatabase.class));
        }
    }

    /** Makes sure the database does not exist when the gateway starts (and removes it afterwards). */
    public static class DroppedDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            drop();
            String server = LocalServices.postgres().toString();
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://" + server + "/" + DATABASE,
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + server + "/" + DATABASE);
        }

        @Override
        public void stop() {
            drop();
        }

        private static void drop() {
            TestDb.update("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void aMissingLogDatabaseIsCreatedMigratedAndWritten() throws SQLException {
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        String logId = postChat("default", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}", Map.of())
                .then()
                .statusCode(200)
                .extract()
                .header("cf-aig-log-id");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(TestDb.query("SELECT 1 FROM pg_database WHERE datname = ?", DATABASE))
                        .as("database created")
                        .hasSize(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM request_logs WHERE id = '" + logId + "'"))
                        .as("the request's log row, in the created database")
                        .isEqualTo(1));
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isPositive();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(LocalServices.jdbcUrl(DATABASE), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
