package dev.aigateway.gateway;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tables that the management API writes and every replica serves from memory (API-created gateways, dynamic routes):
 * each has a one-row {@code <name>_revision} table, bumped in the transaction of every change. Every replica polls
 * that row every {@code gateway.admin.refresh-interval} (one cheap read) and loads the tables only when it moved; the
 * replica that made a change loads before it answers. A load that read an older revision than one already applied (a
 * slow poll racing a write) is dropped. PostgreSQL being down leaves the last loaded tables in service.
 *
 * @param <T> what one load reads
 */
public final class RevisionedTables<T> {

    private static final Logger LOG = Logger.getLogger(RevisionedTables.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final PgPool db;
    private final Vertx vertx;
    private final String revisionTable;
    private final Duration interval;
    private final Supplier<Uni<T>> load;
    private final Consumer<T> apply;
    private final String what;
    private volatile long revision = -1;
    private volatile Instant loadedAt;
    private volatile boolean polling;
    private volatile boolean unavailableLogged;
    private volatile int failures;
    private long timer = -1;

    /**
     * @param revisionTable the one-row table holding the revision
     * @param load reads the tables
     * @param apply puts what was read in service (called with the newest revision only)
     * @param what names the tables in the warning logged when they cannot be refreshed
     */
    public RevisionedTables(
            PgPool db,
            Vertx vertx,
            String revisionTable,
            Duration interval,
            Supplier<Uni<T>> load,
            Consumer<T> apply,
            String what) {
        this.db = db;
        this.vertx = vertx;
        this.revisionTable = revisionTable;
        this.interval = interval;
        this.load = load;
        this.apply = apply;
        this.what = what;
    }

    /** The first poll now, then one per interval. */
    public void start() {
        poll();
        timer = vertx.setPeriodic(Math.max(100, interval.toMillis()), id -> poll());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One cheap read; the tables are loaded only when their revision moved. */
    public void poll() {
        if (polling) {
            return;
        }
        polling = true;
        db.preparedQuery("SELECT revision FROM " + revisionTable)
                .execute()
                .onItem()
                .transformToUni(rows -> {
                    long seen = rows.iterator().next().getLong("revision");
                    return seen == revision ? Uni.createFrom().voidItem() : reload(seen);
                })
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .subscribe()
                .with(
                        v -> {
                            polling = false;
                            unavailableLogged = false;
                            failures = 0;
                            if (revision >= 0) {
                                loadedAt = Instant.now(); // up to date, changed or not
                            }
                        },
                        e -> {
                            polling = false;
                            // the first polls after a start may run before the migrations created the tables
                            if (++failures >= 5 && !unavailableLogged) {
                                unavailableLogged = true;
                                LOG.warnf("%s not refreshed (%s); serving the last loaded", what, e.getMessage());
                            }
                        });
    }

    /**
     * One transaction: the change and a revision bump; then this replica reloads before the caller gets the value.
     *
     * @param duplicate what a unique-key violation (SQL state 23505) of the change becomes
     */
    public <V> Uni<V> write(Function<SqlConnection, Uni<V>> change, Supplier<RuntimeException> duplicate) {
        String bump = "UPDATE " + revisionTable + " SET revision = revision + 1 RETURNING revision";
        return db.withTransaction(conn -> change.apply(conn).chain(value -> conn.preparedQuery(bump)
                        .execute()
                        .map(rows -> new Written<>(value, rows.iterator().next().getLong("revision")))))
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .onFailure(PgException.class)
                .transform(e -> "23505".equals(((PgException) e).getSqlState()) ? duplicate.get() : e)
                .call(written -> reload(written.revision()).onFailure().recoverWithNull())
                .map(Written::value);
    }

    /** When this replica last read the tables or saw them unchanged; null before the first read. */
    public Instant loadedAt() {
        return loadedAt;
    }

    private Uni<Void> reload(long seen) {
        return load.get().map(fresh -> {
            applyIfNewer(seen, fresh);
            return null;
        });
    }

    private synchronized void applyIfNewer(long seen, T fresh) {
        if (seen >= revision) {
            revision = seen;
            apply.accept(fresh);
        }
        loadedAt = Instant.now();
    }

    /** A change's result and the revision its transaction bumped the table to. */
    private record Written<V>(V value, long revision) {}
}
