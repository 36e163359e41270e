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
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's Redis access: bounded in time (a slow Redis is a failed call, never a stalled request) and Lua scripts
 * kept as resource files, run by digest with a fallback to sending the script once Redis has forgotten it.
 */
@Singleton
public class RedisCalls {

    /** Every key the gateway writes starts with this; the version changes when a key's layout does. */
    public static final String PREFIX = "aigw:v1:";

    private final Redis redis;
    private final Vertx vertx;

    public RedisCalls(Redis redis, Vertx vertx) {
        this.redis = redis;
        this.vertx = vertx;
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
