package dev.aigateway.cache;

import dev.aigateway.redis.RedisCalls;
import dev.aigateway.redis.RedisCalls.Script;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.List;

/** A wait for another replica that leads a key: {@code cache-wait.lua}, polled until its response is stored. */
final class RemoteWait {

    private static final Script WAIT = Script.load("cache-wait");

    private RemoteWait() {}

    /**
     * Polls every {@code pollMillis} until the other replica's response is stored (its response), its lock is gone
     * or a poll fails (null), or the deadline (null); each poll bounded by {@code timeout}.
     */
    static Future<CachedResponse> await(
            RedisCalls redis, Vertx vertx, CacheKey key, long deadline, long pollMillis, Duration timeout) {
        Promise<CachedResponse> promise = Promise.promise();
        poll(redis, vertx, key, deadline, pollMillis, timeout, promise);
        return promise.future();
    }

    private static void poll(
            RedisCalls redis,
            Vertx vertx,
            CacheKey key,
            long deadline,
            long pollMillis,
            Duration timeout,
            Promise<CachedResponse> promise) {
        vertx.setTimer(pollMillis, t -> redis.eval(WAIT, List.of(key.entry(), key.lock()), List.of(), timeout)
                .onComplete(ar -> {
                    Response r = ar.succeeded() ? ar.result() : null;
                    if (r != null && r.type() == ResponseType.BULK) {
                        promise.complete(CachedResponse.decode(r.toBuffer()));
                    } else if (ar.failed()
                            || (r != null && r.size() > 0 && r.get(0).toInteger() == 1)
                            || System.currentTimeMillis() + pollMillis > deadline) {
                        promise.complete(null);
                    } else {
                        poll(redis, vertx, key, deadline, pollMillis, timeout, promise);
                    }
                }));
    }
}
