package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.aigateway.testing.LocalServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log entities agree with the schema Flyway creates, column by column, as Hibernate's schema validator checks it:
 * what dev mode's start-up validation runs. When they disagreed ({@code metadata} and {@code usage_raw} jsonb,
 * {@code path} text, mapped as {@code varchar(255)}), dev mode printed ERROR lines suggesting {@code ALTER}s that would
 * have broken the schema. A fresh database of its own, migrated before the check, so nothing races the gateway's
 * background migration.
 */
class EntitySchemaTest {

    private final String database =
            "aigateway_schema_" + UUID.randomUUID().toString().replace("-", "");
    private String url;

    @BeforeEach
    void migratedDatabase() throws SQLException {
        admin("create database " + database);
        url = LocalServices.jdbcUrl(database);
        Flyway.configure()
                .dataSource(url, "postgres", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        admin("drop database if exists " + database + " with (force)");
    }

    @Test
    void logEntitiesMatchTheMigratedSchema() {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting("hibernate.connection.url", url)
                .applySetting("hibernate.connection.username", "postgres")
                .applySetting("hibernate.connection.password", "")
                .applySetting("hibernate.hbm2ddl.auto", "validate")
                .applySetting("hibernate.bytecode.provider", "none")
                .build();
        try {
            assertThatCode(() -> {
                        try (SessionFactory factory = new MetadataSources(registry)
                                .addAnnotatedClass(RequestLogEntity.class)
                                .addAnnotatedClass(LogPayloadEntity.class)
                                .buildMetadata()
                                .buildSessionFactory()) {
                            factory.getMetamodel(); // built: every mapped column exists with a compatible type
                        }
                    })
                    .as("Hibernate's schema validation of the log entities against Flyway's schema")
                    .doesNotThrowAnyException();
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    /** Payloads have no foreign key (its per-row check was half the writer's database CPU): triggers delete them. */
    @Test
    void payloadsGoWithTheirRowsOnDeleteAndTruncate() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            for (int i = 1; i <= 3; i++) {
                String id = "'00000000-0000-7000-8000-00000000000" + i + "'";
                s.execute("INSERT INTO request_logs (id, created_at, gateway_id, provider, path, success, status_code,"
                        + " duration_ms) VALUES (" + id + ", now(), 'g', 'openai', '/p', true, 200, 1)");
                s.execute("INSERT INTO request_log_payloads (log_id, request_body) VALUES (" + id + ", 'x')");
            }
            s.execute("DELETE FROM request_logs WHERE id = '00000000-0000-7000-8000-000000000002'");
            assertThat(ids(s, "SELECT log_id::text FROM request_log_payloads ORDER BY log_id"))
                    .containsExactly("00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000003");
            s.execute("TRUNCATE request_logs");
            assertThat(ids(s, "SELECT log_id::text FROM request_log_payloads")).isEmpty();
        }
    }

    private static List<String> ids(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(LocalServices.jdbcUrl("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
