package dev.aigateway.embedded;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Says at start-up, in every profile, which of Redis and PostgreSQL does not answer and what is off until it does
 * (the production profile never starts embedded servers: this line is how an operator learns the gateway runs
 * degraded). Asks in the background; start-up never waits for it.
 */
@Singleton
public class MissingServices {

    private static final Logger LOG = Logger.getLogger(MissingServices.class);
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final Redis redis;
    private final PgPool database;
    private final String redisHosts;
    private final String databaseUrl;

    public MissingServices(
            Redis redis,
            PgPool database,
            @ConfigProperty(name = "quarkus.redis.hosts", defaultValue = "") String redisHosts,
            @ConfigProperty(name = "quarkus.datasource.reactive.url", defaultValue = "") String databaseUrl) {
        this.redis = redis;
        this.database = database;
        this.redisHosts = redisHosts;
        this.databaseUrl = databaseUrl;
    }

    void check(@Observes StartupEvent event) {
        warnUnlessAnswers(
                redis.send(Request.cmd(Command.PING)),
                "Redis",
                redisHosts,
                "the cache and rate limits are off until it does");
        warnUnlessAnswers(
                database.query("SELECT 1").execute(),
                "PostgreSQL",
                databaseUrl,
                "request logs, the Logs API and the management API are off until it does");
    }

    /** Asks {@code probe} in the background; when it fails or says nothing in time, one WARN names what is off. */
    private static void warnUnlessAnswers(Uni<?> probe, String service, String url, String whatIsOff) {
        probe.ifNoItem()
                .after(WAIT)
                .fail()
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "%s at %s does not answer (%s): %s (readiness reports mode=degraded)",
                                service, withoutCredentials(url), failure.toString(), whatIsOff));
    }

    /** {@code redis://user:secret@host} → {@code redis://host}: URLs may carry passwords, logs never do. */
    static String withoutCredentials(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }
}
