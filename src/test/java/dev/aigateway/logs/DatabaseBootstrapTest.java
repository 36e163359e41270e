package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.logs.DatabaseBootstrap.Outcome;
import dev.aigateway.testing.LocalServices;
import dev.aigateway.testing.TestDb;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Creating the request-log database when PostgreSQL answers but the database does not exist. */
class DatabaseBootstrapTest {

    private static final String SERVER = "jdbc:postgresql://" + LocalServices.postgres();
    private static final String NO_CREATEDB = "aigw_no_createdb";

    @Test
    void aMissingDatabaseIsCreatedOnceThenFound() {
        String name = "aigw_boot_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            assertThat(DatabaseBootstrap.ensure(SERVER + "/" + name, "postgres", ""))
                    .isEqualTo(Outcome.CREATED);
            assertThat(TestDb.query("SELECT 1 FROM pg_database WHERE datname = ?", name))
                    .hasSize(1);
            assertThat(DatabaseBootstrap.ensure(SERVER + "/" + name + "?connectTimeout=3", "postgres", ""))
                    .isEqualTo(Outcome.EXISTS);
        } finally {
            TestDb.update("DROP DATABASE IF EXISTS " + DatabaseBootstrap.quote(name) + " WITH (FORCE)");
        }
    }

    @Test
    void aUserWhoMayNotCreateDatabasesIsToldTheCommand() {
        TestDb.update("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + NO_CREATEDB
                + "') THEN CREATE ROLE " + NO_CREATEDB + " LOGIN NOCREATEDB; END IF; END $$");
        String name = "aigw_boot_denied_" + UUID.randomUUID().toString().substring(0, 8);
        String url = SERVER + "/" + name;

        assertThat(DatabaseBootstrap.ensure(url, NO_CREATEDB, "")).isEqualTo(Outcome.NOT_PERMITTED);
        assertThat(TestDb.query("SELECT 1 FROM pg_database WHERE datname = ?", name))
                .isEmpty();
        String server = LocalServices.postgres().toString();
        assertThat(DatabaseBootstrap.createCommand(url, NO_CREATEDB))
                .isEqualTo("psql -h " + server.substring(0, server.lastIndexOf(':')) + " -p "
                        + server.substring(server.lastIndexOf(':') + 1) + " -U postgres -c 'CREATE DATABASE \"" + name
                        + "\" OWNER \"" + NO_CREATEDB + "\"'");
    }

    @Test
    void anUnreachableServerIsLeftToTheMigrationRetries() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        assertThat(DatabaseBootstrap.ensure("jdbc:postgresql://127.0.0.1:" + dead + "/x", "postgres", ""))
                .isEqualTo(Outcome.UNREACHABLE);
    }

    @Test
    void theMaintenanceUrlKeepsHostsAndParameters() {
        assertThat(DatabaseBootstrap.withDatabase("jdbc:postgresql://db:6543/logs?sslmode=require", "postgres"))
                .isEqualTo("jdbc:postgresql://db:6543/postgres?sslmode=require");
        assertThat(DatabaseBootstrap.withDatabase("jdbc:postgresql://a:1,b:2/logs", "postgres"))
                .isEqualTo("jdbc:postgresql://a:1,b:2/postgres");
        assertThat(DatabaseBootstrap.databaseOf("jdbc:postgresql://db/my%20logs?x=1"))
                .isEqualTo("my logs");
        assertThat(DatabaseBootstrap.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
    }
}
