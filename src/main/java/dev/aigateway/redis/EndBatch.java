package dev.aigateway.redis;

import dev.aigateway.redis.RedisCalls.Op;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one request sends Redis after its response from several of its listeners (the cache's store and lock release,
 * the limits' settlement), sent as one {@link RedisCalls#batch} once each of them has said what it has — possibly
 * nothing, which it must still say: the batch waits for every party (a party that fails to work its part out says
 * nothing: {@link #add(Supplier)}). A party whose part is late (a large body's usage read on a worker) delays the
 * others' by as much; nothing here waits on Redis.
 */
public final class EndBatch {

    private final RedisCalls redis;
    private final Duration timeout;
    private final List<Op> ops = new ArrayList<>(4);
    private final List<Part> parts = new ArrayList<>(2);
    private int waitingFor;

    private record Part(int from, int to, Promise<List<Boolean>> outcome) {}

    /** @param parties how many listeners will each {@link #add} once */
    public EndBatch(RedisCalls redis, int parties, Duration timeout) {
        this.redis = redis;
        this.waitingFor = parties;
        this.timeout = timeout;
    }

    /**
     * One party's commands as {@code mine} works them out, once, whatever happens: when working them out throws, the
     * party adds none (so the others' commands, a settlement already added, still go) and the failure is rethrown.
     */
    public Future<List<Boolean>> add(Supplier<List<Op>> mine) {
        List<Op> ops;
        try {
            ops = mine.get();
        } catch (RuntimeException | Error e) {
            add(List.of());
            throw e;
        }
        return add(ops);
    }

    /**
     * One party's commands (empty: it has none), once. The future holds, per command, whether Redis ran it, once the
     * batch is answered; it fails when the batch was not (Redis down or slow).
     */
    public Future<List<Boolean>> add(List<Op> mine) {
        Promise<List<Boolean>> outcome = Promise.promise();
        List<Op> all;
        List<Part> waiting;
        synchronized (this) {
            if (waitingFor <= 0) {
                throw new IllegalStateException("every party of this batch has added its part");
            }
            parts.add(new Part(ops.size(), ops.size() + mine.size(), outcome));
            ops.addAll(mine);
            if (--waitingFor > 0) {
                return outcome.future();
            }
            all = List.copyOf(ops);
            waiting = List.copyOf(parts);
        }
        Future<List<Boolean>> sent;
        try {
            sent = redis.batch(all, timeout);
        } catch (RuntimeException e) { // every party still hears of its part
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            for (Part p : waiting) {
                if (ar.succeeded()) {
                    p.outcome().complete(ar.result().subList(p.from(), p.to()));
                } else {
                    p.outcome().fail(ar.cause());
                }
            }
        });
        return outcome.future();
    }
}
