package dev.aigateway.gateway;

import dev.aigateway.config.AdminConfig;
import dev.aigateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Gateways created over the management API, kept in PostgreSQL ({@code gateways}). Every replica polls the
 * one-row {@code gateway_revision} table and reloads when it moved; the replica that made a change reloads before it
 * answers, so a created gateway proxies at once there and within {@code gateway.admin.refresh-interval} elsewhere.
 * PostgreSQL being down leaves the last loaded gateways in service.
 */
@Singleton
public class GatewayStore {

    private static final Logger LOG = Logger.getLogger(GatewayStore.class);

    /** The id is taken, or declared in config. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /** The configured maximum of API-created gateways is reached. */
    public static final class Full extends RuntimeException {
        public Full(String message) {
            super(message, null, false, false);
        }
    }

    private final PgPool db;
    private final GatewayRegistry registry;
    private final AdminConfig settings;
    private final RevisionedTables<Map<String, GatewayRegistry.Stored>> tables;

    public GatewayStore(PgPool db, GatewayRegistry registry, Vertx vertx, GatewayConfig config) {
        this.db = db;
        this.registry = registry;
        this.settings = config.admin();
        this.tables = new RevisionedTables<>(
                db,
                vertx,
                "gateway_revision",
                settings.refreshInterval(),
                this::load,
                registry::replaceStored,
                "Gateways from the management API");
    }

    void start(@Observes StartupEvent event) {
        tables.start();
    }

    void stop(@Observes ShutdownEvent event) {
        tables.stop();
    }

    /** One cheap read; the table is loaded only when its revision moved. */
    void poll() {
        tables.poll();
    }

    private Uni<Map<String, GatewayRegistry.Stored>> load() {
        return db.preparedQuery("SELECT id, settings, created_at, modified_at FROM gateways")
                .execute()
                .map(rows -> {
                    Map<String, GatewayRegistry.Stored> fresh = new HashMap<>();
                    for (Row r : rows) {
                        try {
                            GatewayRegistry.Stored g = stored(r);
                            fresh.put(g.spec().id(), g);
                        } catch (RuntimeException e) {
                            LOG.warnf("Stored gateway %s is not valid and is skipped: %s", r.getString("id"), e);
                        }
                    }
                    return fresh;
                });
    }

    private static GatewayRegistry.Stored stored(Row r) {
        GatewaySpec spec = GatewaySpec.fromStored(r.getString("id"), (JsonObject) r.getValue("settings"));
        return new GatewayRegistry.Stored(
                spec,
                spec.settings(),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("modified_at").toInstant());
    }

    /**
     * For readiness details: {@code loaded} once this replica has read the API-created gateways, {@code stale} when
     * it has not managed to for ten refresh intervals (PostgreSQL down: the last loaded ones stay in service),
     * {@code pending} before the first read.
     */
    public String state() {
        java.time.Instant at = tables.loadedAt();
        if (at == null) {
            return "pending";
        }
        long staleAfter = Math.max(10_000, settings.refreshInterval().toMillis() * 10);
        return at.plusMillis(staleAfter).isBefore(java.time.Instant.now()) ? "stale" : "loaded";
    }

    public Uni<GatewayRegistry.Stored> create(GatewaySpec spec) {
        if (registry.isConfigured(spec.id())) {
            return Uni.createFrom().failure(new Conflict("Gateway '" + spec.id() + "' is declared in config"));
        }
        return write(conn -> conn.preparedQuery("SELECT count(*) AS n FROM gateways")
                .execute()
                .onItem()
                .transformToUni(count -> {
                    if (count.iterator().next().getLong("n") >= settings.maxGateways()) {
                        return Uni.createFrom()
                                .failure(new Full("At most " + settings.maxGateways()
                                        + " gateways can be created over the API (gateway.admin.max-gateways)"));
                    }
                    return conn.preparedQuery(
                                    "INSERT INTO gateways (id, settings) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING"
                                            + " RETURNING id, settings, created_at, modified_at")
                            .execute(Tuple.of(spec.id(), spec.toStored()));
                })
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new Conflict("Gateway '" + spec.id() + "' already exists");
                    }
                    return stored(rows.iterator().next());
                }));
    }

    /** Full update; empty when no API-created gateway has that id. */
    public Uni<Optional<GatewayRegistry.Stored>> update(GatewaySpec spec) {
        return write(conn -> conn.preparedQuery("UPDATE gateways SET settings = $2, modified_at = now() WHERE id = $1"
                        + " RETURNING id, settings, created_at, modified_at")
                .execute(Tuple.of(spec.id(), spec.toStored()))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(stored(rows.iterator().next()))));
    }

    /** Deletes; returns what was deleted, empty when there was nothing. */
    public Uni<Optional<GatewayRegistry.Stored>> delete(String id) {
        return write(conn -> conn.preparedQuery(
                        "DELETE FROM gateways WHERE id = $1 RETURNING id, settings, created_at, modified_at")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(stored(rows.iterator().next()))));
    }

    /** One transaction: the change and a revision bump; then this replica reloads before the caller answers. */
    private <T> Uni<T> write(java.util.function.Function<SqlConnection, Uni<T>> change) {
        return tables.write(change, () -> new Conflict("Gateway already exists"));
    }
}
