package dev.aigateway.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's Redis access: bounded in time (a slow Redis is a failed call, never a stalled request) and Lua scripts
 * kept as resource files, run by digest with a fallback to sending the script once Redis has forgotten it.
 */
@Singleton
public class RedisCalls {

    /** Every key the gateway writes starts with this; the version changes when a key's layout does. */
    public static final String PREFIX = "aigw:v1:";

    /** How the Vert.x client reports the commands of a batch that Redis answered with an error: one line each. */
    private static final Pattern BATCH_ERROR = Pattern.compile("ERR \\[(\\d+)\\] ?([^\\r\\n]*)");

    private static final Logger LOG = Logger.getLogger(RedisCalls.class);

    private final Redis redis;
    private final Vertx vertx;
    private final boolean oneNode;
    /** Set for good once Redis refused a script whose keys are in different slots (a sharded Redis behind a proxy). */
    private final AtomicBoolean slotsRefused = new AtomicBoolean();

    /** A Redis that is not a cluster (tests). */
    public RedisCalls(Redis redis, Vertx vertx) {
        this(redis, vertx, "standalone");
    }

    /** @param clientType {@code quarkus.redis.client-type}: standalone, sentinel, replication or cluster */
    @jakarta.inject.Inject
    public RedisCalls(
            Redis redis,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.vertx = vertx;
        this.oneNode = !"cluster".equalsIgnoreCase(clientType);
    }

    /**
     * Whether one script may touch keys of different hash slots: true unless the client is a Redis Cluster one, whose
     * nodes each hold some slots, or Redis refused such a script once ({@link #refusedAcrossSlots}). Every script's own
     * keys share a hash tag; combining a limit check with a cache lookup, whose keys do not share one, is only done on
     * a single Redis.
     */
    public boolean acrossSlots() {
        return oneNode && !slotsRefused.get();
    }

    /**
     * Whether one batch may carry commands on keys of different hash slots: true unless the client is a Redis Cluster
     * one (it sends a batch to one node). A batch is several commands, each of its own slot, so a sharded Redis behind
     * one endpoint (a proxy) takes it even when it refuses a script across slots.
     */
    public boolean batchesAcrossSlots() {
        return oneNode;
    }

    /**
     * Whether {@code failure} is Redis refusing a command whose keys are in different slots ({@code CROSSSLOT}: a
     * Redis sharded behind one endpoint, which {@code quarkus.redis.client-type} does not say). The first one turns
     * {@link #acrossSlots} off for good (logged once): the caller then sends the command's parts separately.
     */
    public boolean refusedAcrossSlots(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        if (message == null || !message.contains("CROSSSLOT")) { // a proxy may put its own word first
            return false;
        }
        if (slotsRefused.compareAndSet(false, true)) {
            LOG.warnf(
                    "Redis refused a script whose keys are in different hash slots (%s): a sharded Redis. From now on"
                            + " the limit check and the cache lookup go as separate calls (set"
                            + " quarkus.redis.client-type=cluster for a Redis Cluster)",
                    message);
        }
        return true;
    }

    /** One command of a {@link #batch}: a script by digest (sent whole when Redis forgot it), or a plain command. */
    public record Op(Request first, Supplier<Request> whole) {}

    /** A script's call for a {@link #batch}. */
    public static Op script(Script script, List<String> keys, List<?> args) {
        return new Op(
                scriptRequest(Command.EVALSHA, script.sha1(), keys, args),
                () -> scriptRequest(Command.EVAL, script.source(), keys, args));
    }

    /** A plain command for a {@link #batch}. */
    public static Op command(Request request) {
        return new Op(request, null);
    }

    /**
     * Sends commands in one write on one connection (Redis reads them at once: one round trip); the ones Redis
     * answered {@code NOSCRIPT} are sent again with their script (only those: the others ran). The future holds, per
     * command, whether Redis ran it without error; it fails when the batch was not answered within {@code timeout}.
     */
    public Future<List<Boolean>> batch(List<Op> ops, Duration timeout) {
        if (ops.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return bounded(sendAll(ops, false), timeout);
    }

    private Future<List<Boolean>> sendAll(List<Op> ops, boolean again) {
        List<Request> requests = new ArrayList<>(ops.size());
        ops.forEach(op -> requests.add(again ? op.whole().get() : op.first()));
        Future<List<Response>> sent = requests.size() == 1
                ? redis.send(requests.get(0)).map(r -> java.util.Collections.singletonList(r))
                : redis.batch(requests);
        return sent.map(rs -> allTrue(ops.size())).recover(e -> again ? failedOnes(ops, e) : resend(ops, e));
    }

    /** A batch with errors: the commands Redis did not know the script of go again, whole; the others stay done. */
    private Future<List<Boolean>> resend(List<Op> ops, Throwable e) {
        Boolean[] ok = outcomes(ops, e);
        if (ok == null) {
            return Future.failedFuture(e);
        }
        List<Integer> noScript = new ArrayList<>();
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == null) {
                noScript.add(i);
            }
        }
        if (noScript.isEmpty()) {
            return Future.succeededFuture(Arrays.asList(ok));
        }
        List<Op> whole = new ArrayList<>(noScript.size());
        noScript.forEach(i -> whole.add(ops.get(i)));
        return sendAll(whole, true).map(results -> {
            for (int j = 0; j < noScript.size(); j++) {
                ok[noScript.get(j)] = results.get(j);
            }
            return Arrays.asList(ok);
        });
    }

    /** The commands sent again whole: what failed failed (nothing is sent a third time). */
    private static Future<List<Boolean>> failedOnes(List<Op> ops, Throwable e) {
        Boolean[] ok = outcomes(ops, e);
        if (ok == null) {
            ok = new Boolean[ops.size()];
        }
        for (int i = 0; i < ok.length; i++) {
            ok[i] = ok[i] != null && ok[i];
        }
        return Future.succeededFuture(Arrays.asList(ok));
    }

    /**
     * Per command: true ran, false failed, null failed with {@code NOSCRIPT} (a script to send whole); null when the
     * failure is not Redis's answer (connection, pool) and says nothing of which ran.
     */
    private static Boolean[] outcomes(List<Op> ops, Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Boolean[] ok = new Boolean[ops.size()];
        if (ops.size() == 1) {
            if (message.startsWith("NOSCRIPT") && ops.get(0).whole() != null) {
                return ok;
            }
            return null; // one command: its error and a connection's look alike, the caller's future fails
        }
        Arrays.fill(ok, Boolean.TRUE);
        Matcher m = BATCH_ERROR.matcher(message);
        boolean any = false;
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            if (i < ok.length) {
                any = true;
                ok[i] = m.group(2).startsWith("NOSCRIPT") && ops.get(i).whole() != null ? null : Boolean.FALSE;
            }
        }
        return any ? ok : null;
    }

    private static List<Boolean> allTrue(int n) {
        Boolean[] ok = new Boolean[n];
        Arrays.fill(ok, Boolean.TRUE);
        return Arrays.asList(ok);
    }

    /** A Lua script from {@code src/main/resources/redis/}. */
    public record Script(String name, String source, String sha1) {

        public static Script load(String name) {
            String path = "redis/" + name + ".lua";
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("Missing resource " + path);
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(name, source, sha1(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String sha1(String text) {
            try {
                byte[] d =
                        java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(d);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Sends one command; fails with {@link TimeoutException} after {@code timeout}. */
    public Future<Response> send(Request request, Duration timeout) {
        return bounded(redis.send(request), timeout);
    }

    /** Runs a script with its keys and arguments (EVALSHA, then EVAL when Redis does not know the script yet). */
    public Future<Response> eval(Script script, List<String> keys, List<?> args, Duration timeout) {
        return bounded(evalUnbounded(script, keys, args), timeout);
    }

    /**
     * Runs a script without a time bound, for callers that still want a late answer (to undo what it did) after
     * giving up on it with {@link #within}. The future completes on whichever thread Redis answered on.
     */
    public Future<Response> evalUnbounded(Script script, List<String> keys, List<?> args) {
        return redis.send(scriptRequest(Command.EVALSHA, script.sha1(), keys, args))
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? redis.send(scriptRequest(Command.EVAL, script.source(), keys, args))
                        : Future.failedFuture(e));
    }

    /** {@code call}, failed with {@link TimeoutException} unless it completes within {@code timeout}. */
    public <T> Future<T> within(Future<T> call, Duration timeout) {
        return bounded(call, timeout);
    }

    /** Arguments are strings, or {@link Buffer}s sent as raw bytes. */
    private static Request scriptRequest(Command command, String script, List<String> keys, List<?> args) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        for (Object a : args) {
            if (a instanceof Buffer b) {
                r.arg(b);
            } else {
                r.arg(String.valueOf(a));
            }
        }
        return r;
    }

    /** Completes on the caller's context (a request's event loop), whichever thread Redis answered on. */
    private <T> Future<T> bounded(Future<T> call, Duration timeout) {
        Context caller = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), t -> {
            // On a busy event loop the answer may be in while its hand-over to this context is still queued.
            if (call.succeeded()) {
                promise.tryComplete(call.result());
            } else if (call.failed()) {
                promise.tryFail(call.cause());
            } else {
                promise.tryFail(new TimeoutException("Redis did not answer within " + timeout.toMillis() + " ms"));
            }
        });
        call.onComplete(ar -> {
            Runnable complete = () -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    promise.tryComplete(ar.result());
                } else {
                    promise.tryFail(ar.cause());
                }
            };
            if (Vertx.currentContext() == caller) {
                complete.run();
            } else {
                caller.runOnContext(v -> complete.run());
            }
        });
        return promise.future();
    }
}
