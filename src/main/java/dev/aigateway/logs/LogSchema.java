package dev.aigateway.logs;

import dev.aigateway.config.GatewayConfig;
import io.agroal.api.AgroalDataSource;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The request-log schema at start-up: Flyway's migrations ({@code src/main/resources/db/migration}) on a worker
 * thread, retried every {@value #RETRY_MILLIS} ms until PostgreSQL answers; start-up never waits for them, and
 * {@link LogWriter} writes nothing before {@link #ready}. With {@code gateway.logs.migrate=false} the schema is taken
 * as it is.
 */
@Singleton
class LogSchema {

    private static final Logger LOG = Logger.getLogger(LogSchema.class);
    private static final long RETRY_MILLIS = 5000;

    private final boolean migrate;
    private final Instance<Flyway> flyway;
    private final Instance<AgroalDataSource> jdbc;
    private final DatabaseBootstrap bootstrap;
    private final Vertx vertx;

    private volatile boolean ready;

    LogSchema(
            GatewayConfig config,
            Instance<Flyway> flyway,
            Instance<AgroalDataSource> jdbc,
            DatabaseBootstrap bootstrap,
            Vertx vertx) {
        this.migrate = config.logs().migrate();
        this.flyway = flyway;
        this.jdbc = jdbc;
        this.bootstrap = bootstrap;
        this.vertx = vertx;
    }

    /** Starts the migrations (once, from the writer's start-up); returns at once. */
    void start() {
        if (migrate) {
            migrate();
        } else {
            ready = true;
        }
    }

    /** Whether the schema is up to date, so rows may be written. */
    boolean ready() {
        return ready;
    }

    /** One attempt on a worker thread; a failure schedules the next. */
    private void migrate() {
        vertx.executeBlocking(() -> {
                    try {
                        bootstrap.ensureDatabase();
                        flyway.get().migrate();
                    } catch (RuntimeException e) {
                        // A connection cut mid-migration can stay checked out of the (2-connection) JDBC pool for
                        // good, and every retry would then time out acquiring one: only Flyway uses this pool.
                        jdbc.get().flush(AgroalDataSource.FlushMode.ALL);
                        throw e;
                    }
                    return null;
                })
                .onSuccess(v -> {
                    ready = true;
                    LOG.info("Request-log schema is up to date");
                })
                .onFailure(t -> {
                    LOG.warnf("Request-log schema migration failed (%s); retrying in 5 s", t.getMessage());
                    vertx.setTimer(RETRY_MILLIS, id -> migrate());
                });
    }
}
