package dev.aigateway.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * A plain Redis client for tests to look at (and tamper with) what the gateway stored; by default on the Redis the
 * test profile uses ({@link LocalServices}).
 */
public final class TestRedis implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;

    public TestRedis() {
        this(LocalServices.redisUrl());
    }

    public TestRedis(String url) {
        redis = Redis.createClient(
                vertx,
                new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(4096));
    }

    public Response send(Command command, Object... args) {
        Request r = Request.cmd(command);
        for (Object a : args) {
            r.arg(String.valueOf(a));
        }
        try {
            return redis.send(r).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Remaining time to live in ms (-2: no such key). */
    public long pttl(String key) {
        return send(Command.PTTL, key).toLong();
    }

    public Redis client() {
        return redis;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
