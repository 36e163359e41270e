package dev.aigateway.ratelimit;

import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.RateLimiter.Decision;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.redis.RedisCalls.Op;
import dev.aigateway.redis.RedisCalls.Script;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The limit check's script ({@code ratelimit.lua}): its keys and arguments for a request's charges, with another
 * script's keys and arguments after them when one call does both (a cache lookup: see the script), and what its
 * answer means.
 */
final class LimitScript {

    static final Script CHECK = Script.load("ratelimit");
    static final Script SETTLE = Script.load("settle");

    /** Where the answer's per-rule part starts, and how long each rule's is. */
    private static final int HEAD = 2;

    private static final int PER_RULE = 4;

    private LimitScript() {}

    /** One call's keys and arguments, for {@code rules} charges. */
    record Call(List<String> keys, List<String> args, int rules) {}

    /**
     * @param offsetMillis added to Redis's clock for window arithmetic (tests)
     * @param deadline on Redis's clock (epoch ms), 0 = none
     * @param moreKeys keys after the counters (a lookup's entry and lock), or none; given, the token and spend rules'
     *     costs are given back when the lookup finds the entry (a hit costs no tokens nor money: see {@link #hit})
     * @param moreArgs arguments after the rules' (a lookup's owner and lock lifetime), or none
     */
    static Call of(
            List<Charge> charges,
            long offsetMillis,
            long deadline,
            boolean failOpen,
            List<String> moreKeys,
            List<String> moreArgs) {
        List<String> keys = new ArrayList<>(charges.size() + moreKeys.size());
        List<String> args = new ArrayList<>(3 + charges.size() * PER_RULE + moreArgs.size());
        args.add(Long.toString(offsetMillis));
        args.add(Long.toString(deadline));
        args.add(failOpen ? "open" : "closed");
        for (Charge c : charges) {
            LimitRule rule = c.rule();
            keys.add(c.counter());
            boolean giveBack = !moreKeys.isEmpty() && (rule.tokens() || rule.spend());
            args.add(rule.sliding() ? (giveBack ? "S" : "s") : (giveBack ? "F" : "f"));
            args.add(Long.toString(rule.limit()));
            args.add(Long.toString(rule.intervalMillis()));
            args.add(Long.toString(c.cost()));
        }
        keys.addAll(moreKeys);
        args.addAll(moreArgs);
        return new Call(keys, args, charges.size());
    }

    /**
     * Sends a check; {@code tail} gets the other script's part of the answer (see {@link #tail}). When Redis refuses a
     * combined call because its keys are in different slots (a sharded Redis behind one endpoint:
     * {@link RedisCalls#refusedAcrossSlots}), the check goes again on its own ({@code check}) and the other script's
     * work by {@code other}, whose answer is then the tail.
     *
     * @param other null: no such second try
     */
    static Future<Response> send(
            RedisCalls redis,
            Call call,
            Promise<Response> tail,
            Supplier<Call> check,
            Supplier<Future<Response>> other) {
        return redis.evalUnbounded(CHECK, call.keys(), call.args()).transform(ar -> {
            if (ar.succeeded()) {
                tail.complete(tail(ar.result(), call.rules()));
                return Future.succeededFuture(ar.result());
            }
            if (other == null || !redis.refusedAcrossSlots(ar.cause())) {
                tail.fail(ar.cause());
                return Future.failedFuture(ar.cause());
            }
            other.get().onComplete(tail);
            Call alone = check.get();
            return redis.evalUnbounded(CHECK, alone.keys(), alone.args());
        });
    }

    /** The status: 1 allowed and counted, 0 limited, -1 run after its deadline. */
    static int status(Response r) {
        return r.get(0).toInteger();
    }

    /** Redis's clock when it ran the check (epoch ms). */
    static long redisMillis(Response r) {
        return r.get(1).toLong();
    }

    /** The bucket charge {@code i}'s cost went to. */
    static long bucket(Response r, int i) {
        return r.get(HEAD + i * PER_RULE + 3).toLong();
    }

    /** What the other script's part of a combined call answered (after the rules'); null when there is none. */
    static Response tail(Response r, int charges) {
        int at = HEAD + charges * PER_RULE;
        return r.size() > at ? r.get(at) : null;
    }

    /**
     * Whether the script found the entry of a lookup made with the check (the entry, or {@code {2}}: one too large to
     * carry, read separately) and so gave the token and spend rules' costs back: their reservations are then of
     * nothing ({@link Reservation#givenBack} says what was given back), and a request that goes upstream after all
     * (the gateway could not read the entry, or did not wait for it) counts them again first
     * ({@link RateLimiter#recharge}).
     */
    static boolean hit(Response r, int charges) {
        Response tail = tail(r, charges);
        return tail != null
                && (tail.type() == ResponseType.BULK
                        || (tail.type() == ResponseType.MULTI
                                && tail.size() > 0
                                && tail.get(0).toInteger() == 2));
    }

    /** Whether the script gave charge {@code c}'s cost back (see {@link #hit}). */
    static boolean givenBack(Charge c, boolean hit) {
        return hit && (c.rule().tokens() || c.rule().spend());
    }

    /** The decision of an answer in time (status 0 or 1). */
    static Decision decide(List<Charge> charges, Response r) {
        boolean allowed = status(r) == 1;
        boolean hit = hit(r, charges.size());
        Tightest limits = new Tightest();
        Tightest spend = new Tightest();
        String overSpend = null;
        long retry = 0;
        List<Reservation> reservations = new ArrayList<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            LimitRule rule = c.rule();
            int base = HEAD + i * PER_RULE;
            long left = r.get(base).toLong();
            long resetMs = r.get(base + 1).toLong();
            long retryMs = r.get(base + 2).toLong();
            long bucket = r.get(base + 3).toLong();
            (rule.spend() ? spend : limits).offer(rule.limit(), left, resetMs);
            if (!allowed && left < c.cost()) {
                retry = Math.max(retry, retryMs);
                if (rule.spend() && overSpend == null) {
                    overSpend = rule.name();
                }
            }
            if (allowed && (rule.tokens() || rule.spend()) && c.cost() > 0) {
                boolean back = givenBack(c, hit);
                reservations.add(new Reservation(
                        c.counter(),
                        rule.sliding(),
                        rule.intervalMillis(),
                        bucket,
                        back ? 0 : c.cost(),
                        rule.spend(),
                        back ? c.cost() : 0));
            }
        }
        return allowed
                ? new Decision.Allowed(limits.headroom(), List.copyOf(reservations), spend.headroom())
                : new Decision.Limited(limits.headroom(), retry, spend.headroom(), overSpend);
    }

    /** {@code settle.lua}'s call: adds {@code delta} to the bucket a charge went to (see the script). */
    static Op settle(long offsetMillis, String key, boolean sliding, long intervalMillis, long bucket, long delta) {
        return RedisCalls.script(
                SETTLE,
                List.of(key),
                List.of(
                        Long.toString(offsetMillis),
                        sliding ? "s" : "f",
                        Long.toString(intervalMillis),
                        Long.toString(bucket),
                        Long.toString(delta)));
    }

    /** The first half of the identifier's SHA-256, in hex. */
    static String hash(String identifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identifier.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
