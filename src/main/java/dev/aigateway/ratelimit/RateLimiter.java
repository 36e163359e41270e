package dev.aigateway.ratelimit;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.redis.EndBatch;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.redis.RedisCalls.Op;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Checks and counts all limit rules of a request in one Redis round trip (one Lua script, atomic across replicas,
 * windows on Redis's clock). Token rules reserve an estimate up front and are settled with the real usage afterwards.
 * Application scoped: built on its first use, so a gateway without limits never loads it (or its scripts).
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);

    private final RedisCalls redis;
    private final GatewayClock clock;
    private final Duration timeout;
    private final long defaultOutputTokens;
    private final RedisClock redisClock = new RedisClock();
    /** This process's clock: only for deadlines, which {@link RedisClock} translates to Redis's; never for windows. */
    private final LongSupplier localMillis;

    @jakarta.inject.Inject
    public RateLimiter(RedisCalls redis, GatewayClock clock, GatewayConfig config) {
        this(redis, clock, config.rateLimit().timeout(), config.rateLimit().defaultOutputTokens());
    }

    public RateLimiter(RedisCalls redis, GatewayClock clock, Duration timeout) {
        this(redis, clock, timeout, TokenEstimate.DEFAULT_OUTPUT_TOKENS);
    }

    /**
     * @param timeout how long the gateway waits for a check's answer; Redis runs a check that starts later (on its
     *     clock) as the gateway decided without it: counting nothing for a refused request, the request for an
     *     admitted one
     * @param defaultOutputTokens output tokens reserved for a request that does not cap them
     */
    public RateLimiter(RedisCalls redis, GatewayClock clock, Duration timeout, long defaultOutputTokens) {
        this(redis, clock, timeout, defaultOutputTokens, System::currentTimeMillis);
    }

    /** With this process's clock given (tests: replicas whose clocks disagree). */
    RateLimiter(
            RedisCalls redis,
            GatewayClock clock,
            Duration timeout,
            long defaultOutputTokens,
            LongSupplier localMillis) {
        this.localMillis = localMillis;
        this.redis = redis;
        this.clock = clock;
        this.timeout = timeout;
        this.defaultOutputTokens = defaultOutputTokens;
    }

    /** One rule applied to one request: its counter (per gateway, rule and identifier) and what the request costs. */
    public record Charge(LimitRule rule, String counter, long cost) {

        /**
         * The counter of {@code rule} for one identifier value (hashed: user ids, IPs and keys never reach Redis). The
         * gateway id is the key's hash tag: one check touches all of a request's counters, which Redis Cluster only
         * allows within one slot.
         */
        public static Charge of(String gateway, LimitRule rule, String identifier, long cost) {
            String id = identifier == null ? "all" : LimitScript.hash(identifier);
            return new Charge(rule, RedisCalls.PREFIX + "rl:{" + gateway + "}:" + rule.name() + ":" + id, cost);
        }
    }

    /**
     * A token (or, {@code spend}, nano-dollar) reservation to settle when the real usage (cost) is known.
     *
     * @param spend a spend limit's reservation: settled with the response's cost, not its tokens
     * @param givenBack what the check counted and gave back at once because its cache lookup found the entry (a hit
     *     costs nothing); a request that goes upstream after all counts it again ({@link #recharge})
     */
    public record Reservation(
            String key,
            boolean sliding,
            long intervalMillis,
            long bucket,
            long reserved,
            boolean spend,
            long givenBack) {

        /** A token or spend reservation that was not given back. */
        public Reservation(
                String key, boolean sliding, long intervalMillis, long bucket, long reserved, boolean spend) {
            this(key, sliding, intervalMillis, bucket, reserved, spend, 0);
        }

        /** A token reservation. */
        public Reservation(String key, boolean sliding, long intervalMillis, long bucket, long reserved) {
            this(key, sliding, intervalMillis, bucket, reserved, false);
        }
    }

    /**
     * The outcome for a request. ({@link #match} takes one function per case, so the compiler checks that every case
     * is handled: Java 17 has no pattern {@code switch}.)
     */
    public sealed interface Decision {

        /** No rule applies to the request: allowed, nothing to report in headers. */
        Decision NO_RULES = new Allowed(null, List.of());

        <R> R match(Function<Allowed, R> allowed, Function<Limited, R> limited, Supplier<R> unavailable);

        /** The tightest rule's state, for the {@code RateLimit-*} headers; null when there is nothing to report. */
        Headroom headroom();

        /** The tightest spend limit's state (nano-dollars), for the budget headers; null without spend limits. */
        default Headroom spendHeadroom() {
            return null;
        }

        default boolean allowed() {
            return this instanceof Allowed;
        }

        default boolean unavailable() {
            return this instanceof Unavailable;
        }

        /** Counted: the request may go on; token rules reserved what is to be settled with the real usage. */
        record Allowed(Headroom headroom, List<Reservation> reservations, Headroom spendHeadroom) implements Decision {

            public Allowed(Headroom headroom, List<Reservation> reservations) {
                this(headroom, reservations, null);
            }

            @Override
            public <R> R match(Function<Allowed, R> allowed, Function<Limited, R> limited, Supplier<R> unavailable) {
                return allowed.apply(this);
            }
        }

        /**
         * Over a limit: refused, nothing counted; {@code retryMillis} is when the request would fit.
         *
         * @param overSpend the spend limit ({@link LimitRule#name}) the request's cost did not fit, null when only
         *     request or token limits refused it
         */
        record Limited(Headroom headroom, long retryMillis, Headroom spendHeadroom, String overSpend)
                implements Decision {

            public Limited(Headroom headroom, long retryMillis) {
                this(headroom, retryMillis, null, null);
            }

            @Override
            public <R> R match(Function<Allowed, R> allowed, Function<Limited, R> limited, Supplier<R> unavailable) {
                return limited.apply(this);
            }
        }

        /** Redis did not answer in time (or failed): the gateway's fail-open setting decides. */
        record Unavailable() implements Decision {
            @Override
            public <R> R match(Function<Allowed, R> allowed, Function<Limited, R> limited, Supplier<R> unavailable) {
                return unavailable.get();
            }

            @Override
            public Headroom headroom() {
                return null;
            }
        }
    }

    /** The tightest rule's limit, what is left of it and when its window resets. */
    public record Headroom(long limit, long remaining, long resetMillis) {}

    private static final Decision UNAVAILABLE = new Decision.Unavailable();
    private final UnavailableWarning unavailable = new UnavailableWarning();

    /** Redis answered in time but ran the check after the deadline the gateway gave it (its clock, see RedisClock). */
    private static final class LateCheck extends RuntimeException {
        LateCheck() {
            super("Redis ran the check after its deadline", null, false, false);
        }
    }

    /**
     * Tokens {@code rule} reserves for a request: its prompt estimate plus its output cap or, without one, the
     * configured allowance, though never more than the rule's limit then (so a request alone in its window fits).
     */
    public long tokenEstimate(LimitRule rule, long bodyBytes, long maxOutputTokens) {
        long estimate = TokenEstimate.of(bodyBytes, maxOutputTokens, defaultOutputTokens);
        if (maxOutputTokens >= 0) {
            return estimate;
        }
        return Math.min(estimate, Math.max(TokenEstimate.of(bodyBytes, 0, 0), rule.limit()));
    }

    /** {@link #check(List, boolean)} for a fail-closed gateway. */
    public Future<Decision> check(List<Charge> charges) {
        return check(charges, false);
    }

    /**
     * Checks and counts. What Redis counts matches what the gateway does even when the answer is late: a request the
     * gateway refused for want of an answer ({@code failOpen} false) is never left counted, one it admitted
     * ({@code failOpen} true) is always counted.
     */
    public Future<Decision> check(List<Charge> charges, boolean failOpen) {
        if (charges.isEmpty()) {
            return Future.succeededFuture(Decision.NO_RULES);
        }
        return checkWith(charges, failOpen, List.of(), List.of(), null).decision();
    }

    /**
     * A check made in one call with another script's work (a cache lookup: its keys and arguments after the rules',
     * see {@code ratelimit.lua}).
     *
     * @param decision the check's decision, bounded by the limiter's timeout as {@link #check(List, boolean)}
     * @param tail the other script's part of the answer, unbounded (the caller bounds it with its own timeout);
     *     null inside when the script did not make it
     */
    public record Checked(Future<Decision> decision, Future<Response> tail) {}

    /**
     * {@link #check(List, boolean)} with another script's keys and arguments in the same call; charges not empty.
     *
     * @param alone sends the other script on its own, when Redis refused the two in one call (see
     *     {@link LimitScript#send}: the check then goes again alone, within the same time bound)
     */
    public Checked checkWith(
            List<Charge> charges,
            boolean failOpen,
            List<String> moreKeys,
            List<String> moreArgs,
            Supplier<Future<Response>> alone) {
        long sentAt = localMillis.getAsLong();
        long offset = clock.offsetMillis();
        long deadline = redisClock.deadline(sentAt, timeout.toMillis());
        LimitScript.Call script = LimitScript.of(charges, offset, deadline, failOpen, moreKeys, moreArgs);
        Promise<Response> tail = Promise.promise();
        Future<Response> call = LimitScript.send(
                redis,
                script,
                tail,
                () -> LimitScript.of(charges, offset, deadline, failOpen, List.of(), List.of()),
                alone);
        call.onSuccess(r -> redisClock.sample(sentAt, localMillis.getAsLong(), LimitScript.redisMillis(r)));
        Future<Decision> decision = redis.within(call, timeout)
                .map(r -> {
                    if (LimitScript.status(r) < 0) {
                        throw new LateCheck(); // Redis ran the check after its deadline
                    }
                    return LimitScript.decide(charges, r);
                })
                .recover(e -> {
                    unavailable.say(e, failOpen);
                    if (e instanceof TimeoutException) {
                        call.onSuccess(late -> undoLate(charges, late, failOpen));
                    }
                    return Future.succeededFuture(UNAVAILABLE);
                });
        return new Checked(decision, tail.future());
    }

    /**
     * An answer that came after the gateway decided without it: take back what it counted for a refused request, or
     * count an admitted request it refused, so the counters hold exactly what the gateway let through.
     */
    private void undoLate(List<Charge> charges, Response late, boolean failOpen) {
        int status = LimitScript.status(late);
        int sign = status == 1 && !failOpen ? -1 : status == 0 && failOpen ? 1 : 0;
        if (sign == 0) {
            return; // the script saw it was too late and did what the gateway did
        }
        boolean hit = LimitScript.hit(late, charges.size());
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            if (c.cost() > 0 && !(sign < 0 && LimitScript.givenBack(c, hit))) {
                long bucket = LimitScript.bucket(late, i);
                send(List.of(
                        adjust(c.counter(), c.rule().sliding(), c.rule().intervalMillis(), bucket, sign * c.cost())));
            }
        }
    }

    /**
     * Corrects a token reservation by the real usage (fire and forget; a failure leaves the estimate counted). Usage
     * reported after the reservation's window ended is added to the current window; a refund then is dropped.
     */
    public void settle(Reservation reservation, long actualTokens) {
        send(settlement(reservation, actualTokens));
    }

    /** {@link #settle} of several reservations, in one round trip. */
    public void settle(List<Reservation> reservations, long actual) {
        List<Op> ops = new ArrayList<>(reservations.size());
        reservations.forEach(r -> ops.addAll(settlement(r, actual)));
        send(ops);
    }

    /**
     * The reservations of a request that goes upstream after its check gave some back for a cache hit that did not
     * come to be (the entry could not be read, or not in time): what was given back is counted again (fire and
     * forget, one round trip; none when nothing was), and the reservations returned hold it, settled as a miss's.
     */
    public List<Reservation> recharge(List<Reservation> reservations) {
        List<Op> ops = new ArrayList<>();
        List<Reservation> charged = new ArrayList<>(reservations.size());
        for (Reservation r : reservations) {
            long held = r.reserved() + r.givenBack();
            ops.addAll(settlement(r, held)); // adds what was given back, nothing for one that was not
            charged.add(new Reservation(r.key(), r.sliding(), r.intervalMillis(), r.bucket(), held, r.spend()));
        }
        send(ops);
        return List.copyOf(charged);
    }

    /** What {@link #settle} sends, for a caller that sends it with other commands ({@link #send}); none when even. */
    public List<Op> settlement(Reservation reservation, long actual) {
        long delta = TokenEstimate.clamp(actual) - reservation.reserved();
        return delta == 0
                ? List.of()
                : List.of(adjust(
                        reservation.key(),
                        reservation.sliding(),
                        reservation.intervalMillis(),
                        reservation.bucket(),
                        delta));
    }

    /** Sends settlements (fire and forget), in one round trip, or as one party of a request's {@link EndBatch}. */
    public void send(List<Op> settlements, EndBatch with) {
        Future<List<Boolean>> sent = with != null ? with.add(settlements) : redis.batch(settlements, SETTLE_TIMEOUT);
        sent.onFailure(e -> LOG.debugf("Limit settlement failed, counter left as it was: %s", e.toString()));
    }

    private void send(List<Op> settlements) {
        send(settlements, null);
    }

    private Op adjust(String key, boolean sliding, long intervalMillis, long bucket, long delta) {
        return LimitScript.settle(clock.offsetMillis(), key, sliding, intervalMillis, bucket, delta);
    }
}
