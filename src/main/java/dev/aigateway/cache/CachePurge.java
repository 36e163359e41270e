package dev.aigateway.cache;

import dev.aigateway.redis.RedisCalls;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;

/** The cache purge of a gateway: every entry it stored, deleted in batches. */
final class CachePurge {

    private static final Duration PURGE_TIMEOUT = Duration.ofSeconds(10);

    private CachePurge() {}

    /** Deletes every entry of a gateway (SCAN + UNLINK, in batches); the future holds how many were deleted. */
    static Future<Long> purge(RedisCalls redis, String gateway) {
        String pattern = escapeGlob(CacheKey.entryPrefix(gateway)) + "*";
        Promise<Long> promise = Promise.promise();
        purgeFrom(redis, "0", pattern, 0, promise);
        return promise.future();
    }

    private static void purgeFrom(
            RedisCalls redis, String cursor, String pattern, long deleted, Promise<Long> promise) {
        redis.send(
                        Request.cmd(Command.SCAN)
                                .arg(cursor)
                                .arg("MATCH")
                                .arg(pattern)
                                .arg("COUNT")
                                .arg(1000),
                        PURGE_TIMEOUT)
                .onFailure(promise::fail)
                .onSuccess(scan -> {
                    String next = scan.get(0).toString();
                    Response keys = scan.get(1);
                    Request unlink = Request.cmd(Command.UNLINK);
                    keys.forEach(k -> unlink.arg(k.toBuffer()));
                    Future<Long> removed = keys.size() == 0
                            ? Future.succeededFuture(0L)
                            : redis.send(unlink, PURGE_TIMEOUT).map(Response::toLong);
                    removed.onFailure(promise::fail).onSuccess(n -> {
                        if ("0".equals(next)) {
                            promise.complete(deleted + n);
                        } else {
                            purgeFrom(redis, next, pattern, deleted + n, promise);
                        }
                    });
                });
    }

    private static String escapeGlob(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
