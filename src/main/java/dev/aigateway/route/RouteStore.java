package dev.aigateway.route;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.RevisionedTables;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Routes created over the management API, their versions and deployments, in PostgreSQL (V6). As for API-created
 * gateways, every replica polls the one-row {@code route_revision} table every {@code gateway.admin.refresh-interval}
 * and reloads the deployed versions when it moved; the replica that made a change reloads before it answers.
 * PostgreSQL being down leaves the last loaded routes in service.
 */
@Singleton
public class RouteStore {

    private static final Logger LOG = Logger.getLogger(RouteStore.class);
    private static final String ROUTE = "SELECT r.id, r.gateway_id, r.name, r.created_at, r.modified_at,"
            + " d.version_id, v.elements FROM routes r"
            + " LEFT JOIN LATERAL (SELECT version_id FROM route_deployments WHERE route_id = r.id"
            + " ORDER BY seq DESC LIMIT 1) d ON true LEFT JOIN route_versions v ON v.id = d.version_id";

    /** A route name taken on the gateway. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /** @param version the deployed version (null: none deployed yet) and its elements */
    public record RouteRow(
            UUID id,
            String gateway,
            String name,
            Instant createdAt,
            Instant modifiedAt,
            UUID version,
            JsonArray elements) {}

    public record VersionRow(UUID id, UUID routeId, JsonArray elements, String comment, Instant createdAt) {}

    public record DeploymentRow(UUID id, UUID routeId, UUID versionId, String comment, Instant createdAt) {}

    private final PgPool db;
    private final RouteRegistry registry;
    private final RevisionedTables<Map<String, Map<String, DeployedRoute>>> tables;

    public RouteStore(PgPool db, RouteRegistry registry, Vertx vertx, GatewayConfig config) {
        this.db = db;
        this.registry = registry;
        this.tables = new RevisionedTables<>(
                db,
                vertx,
                "route_revision",
                config.admin().refreshInterval(),
                this::load,
                registry::replaceStored,
                "Routes from the management API");
    }

    void start(@Observes StartupEvent event) {
        tables.start();
    }

    void stop(@Observes ShutdownEvent event) {
        tables.stop();
    }

    void poll() {
        tables.poll();
    }

    private Uni<Map<String, Map<String, DeployedRoute>>> load() {
        return db.preparedQuery(ROUTE + " WHERE d.version_id IS NOT NULL")
                .execute()
                .map(rows -> {
                    Map<String, Map<String, DeployedRoute>> fresh = new HashMap<>();
                    for (Row r : rows) {
                        RouteRow route = route(r);
                        try {
                            RouteGraph graph = registry.parse(route.elements());
                            fresh.computeIfAbsent(route.gateway(), k -> new HashMap<>())
                                    .put(
                                            route.name(),
                                            new DeployedRoute(
                                                    route.gateway(),
                                                    route.name(),
                                                    route.id().toString(),
                                                    route.version().toString(),
                                                    graph));
                        } catch (RuntimeException e) {
                            LOG.warnf(
                                    "Route %s of gateway %s is not valid and is skipped: %s",
                                    route.name(), route.gateway(), e.getMessage());
                        }
                    }
                    return fresh;
                });
    }

    public Uni<List<RouteRow>> list(String gateway) {
        return db.preparedQuery(ROUTE + " WHERE r.gateway_id = $1 ORDER BY r.created_at, r.name")
                .execute(Tuple.of(gateway))
                .map(rows -> {
                    List<RouteRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(route(r)));
                    return out;
                });
    }

    public Uni<Optional<RouteRow>> get(String gateway, UUID id) {
        return db.preparedQuery(ROUTE + " WHERE r.gateway_id = $1 AND r.id = $2")
                .execute(Tuple.of(gateway, id))
                .map(rows -> first(rows, RouteStore::route));
    }

    /** A new route; with elements, its first version, deployed. */
    public Uni<RouteRow> create(String gateway, String name, JsonArray elements) {
        UUID id = UUID.randomUUID();
        return write(conn -> conn.preparedQuery("INSERT INTO routes (id, gateway_id, name) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(id, gateway, name))
                        .chain(v -> elements == null
                                ? Uni.createFrom().nullItem()
                                : insertVersion(conn, id, elements, null)
                                        .chain(version -> insertDeployment(conn, id, version.id(), null))))
                .chain(v -> get(gateway, id))
                .map(Optional::orElseThrow);
    }

    public Uni<Optional<RouteRow>> rename(String gateway, UUID id, String name) {
        return write(conn -> conn.preparedQuery(
                                "UPDATE routes SET name = $3, modified_at = now() WHERE gateway_id = $1 AND id = $2")
                        .execute(Tuple.of(gateway, id, name)))
                .chain(v -> get(gateway, id));
    }

    public Uni<Boolean> delete(String gateway, UUID id) {
        return write(conn -> conn.preparedQuery("DELETE FROM routes WHERE gateway_id = $1 AND id = $2")
                .execute(Tuple.of(gateway, id))
                .map(rows -> rows.rowCount() > 0));
    }

    /** A new version of the route (not deployed); empty when the gateway has no such route. */
    public Uni<Optional<VersionRow>> addVersion(String gateway, UUID route, JsonArray elements, String comment) {
        return write(conn -> owned(conn, gateway, route)
                .chain(owned -> owned
                        ? insertVersion(conn, route, elements, comment).map(Optional::of)
                        : Uni.createFrom().item(Optional.<VersionRow>empty())));
    }

    public Uni<List<VersionRow>> versions(String gateway, UUID route) {
        return db.preparedQuery("SELECT v.id, v.route_id, v.elements, v.comment, v.created_at FROM route_versions v"
                        + " JOIN routes r ON r.id = v.route_id WHERE r.gateway_id = $1 AND v.route_id = $2"
                        + " ORDER BY v.seq")
                .execute(Tuple.of(gateway, route))
                .map(rows -> all(rows, RouteStore::version));
    }

    /** Deploys a version of the route; empty when the gateway has no such route or the route no such version. */
    public Uni<Optional<DeploymentRow>> deploy(String gateway, UUID route, UUID version, String comment) {
        return write(conn -> conn.preparedQuery("SELECT 1 FROM route_versions v JOIN routes r ON r.id = v.route_id"
                        + " WHERE r.gateway_id = $1 AND r.id = $2 AND v.id = $3")
                .execute(Tuple.of(gateway, route, version))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().item(Optional.<DeploymentRow>empty())
                        : insertDeployment(conn, route, version, comment).map(Optional::of)));
    }

    public Uni<List<DeploymentRow>> deployments(String gateway, UUID route) {
        return db.preparedQuery("SELECT d.id, d.route_id, d.version_id, d.comment, d.created_at"
                        + " FROM route_deployments d JOIN routes r ON r.id = d.route_id"
                        + " WHERE r.gateway_id = $1 AND d.route_id = $2 ORDER BY d.seq DESC")
                .execute(Tuple.of(gateway, route))
                .map(rows -> all(rows, RouteStore::deployment));
    }

    private static Uni<Boolean> owned(SqlConnection conn, String gateway, UUID route) {
        return conn.preparedQuery("SELECT 1 FROM routes WHERE gateway_id = $1 AND id = $2")
                .execute(Tuple.of(gateway, route))
                .map(rows -> rows.size() > 0);
    }

    private static Uni<VersionRow> insertVersion(SqlConnection conn, UUID route, JsonArray elements, String comment) {
        return conn.preparedQuery("INSERT INTO route_versions (id, route_id, elements, comment) VALUES ($1, $2, $3, $4)"
                        + " RETURNING id, route_id, elements, comment, created_at")
                .execute(Tuple.of(UUID.randomUUID(), route, elements, comment))
                .map(rows -> version(rows.iterator().next()));
    }

    private static Uni<DeploymentRow> insertDeployment(SqlConnection conn, UUID route, UUID version, String comment) {
        return conn.preparedQuery("INSERT INTO route_deployments (id, route_id, version_id, comment)"
                        + " VALUES ($1, $2, $3, $4) RETURNING id, route_id, version_id, comment, created_at")
                .execute(Tuple.of(UUID.randomUUID(), route, version, comment))
                .chain(rows -> conn.preparedQuery("UPDATE routes SET modified_at = now() WHERE id = $1")
                        .execute(Tuple.of(route))
                        .replaceWith(deployment(rows.iterator().next())));
    }

    /** One transaction: the change and a revision bump; then this replica reloads before the caller answers. */
    private <T> Uni<T> write(Function<SqlConnection, Uni<T>> change) {
        return tables.write(change, () -> new Conflict("A route of that name exists on this gateway"));
    }

    private static RouteRow route(Row r) {
        Object elements = r.getValue("elements");
        return new RouteRow(
                r.getUUID("id"),
                r.getString("gateway_id"),
                r.getString("name"),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("modified_at").toInstant(),
                r.getUUID("version_id"),
                elements instanceof JsonArray a ? a : null);
    }

    private static VersionRow version(Row r) {
        return new VersionRow(
                r.getUUID("id"),
                r.getUUID("route_id"),
                (JsonArray) r.getValue("elements"),
                r.getString("comment"),
                r.getOffsetDateTime("created_at").toInstant());
    }

    private static DeploymentRow deployment(Row r) {
        return new DeploymentRow(
                r.getUUID("id"),
                r.getUUID("route_id"),
                r.getUUID("version_id"),
                r.getString("comment"),
                r.getOffsetDateTime("created_at").toInstant());
    }

    private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> map) {
        return rows.size() == 0
                ? Optional.empty()
                : Optional.of(map.apply(rows.iterator().next()));
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
        List<T> out = new ArrayList<>();
        rows.forEach(r -> out.add(map.apply(r)));
        return out;
    }
}
