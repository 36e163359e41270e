package dev.aigateway.ratelimit;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.TokenDigest;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.redis.RedisCalls.Script;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Checks and counts all limit rules of a request in one Redis round trip (one Lua script, atomic across replicas).
 * Token rules reserve an estimate up front and are settled with the real usage afterwards.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);

    private final RedisCalls redis;
    private final GatewayClock clock;
    private final Duration timeout;
    private final Script check = Script.load("ratelimit");
    private final Script settle = Script.load("settle");

    @jakarta.inject.Inject
    public RateLimiter(RedisCalls redis, GatewayClock clock, GatewayConfig config) {
        this(redis, clock, config.rateLimit().timeout());
    }

    public RateLimiter(RedisCalls redis, GatewayClock clock, Duration timeout) {
        this.redis = redis;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** One rule applied to one request: its counter (per gateway, rule and identifier) and what the request costs. */
    public record Charge(LimitRule rule, String counter, long cost) {

        /** The counter of {@code rule} for one identifier value (hashed: user ids, IPs and keys never reach Redis). */
        public static Charge of(String gateway, LimitRule rule, String identifier, long cost) {
            String id = identifier == null ? "all" : hash(identifier);
            return new Charge(rule, RedisCalls.PREFIX + "rl:" + gateway + ":" + rule.name() + ":" + id, cost);
        }
    }

    /** A token reservation to settle when the real usage is known. */
    public record Reservation(String key, boolean sliding, long bucket, long reserved) {}

    /**
     * The outcome for a request. {@code limit}/{@code remaining}/{@code resetMillis} describe the tightest rule (for
     * the {@code RateLimit-*} headers); {@code retryMillis} is when a limited request would fit.
     *
     * @param unavailable Redis failed: nothing was counted
     */
    public record Decision(
            boolean allowed,
            boolean unavailable,
            long limit,
            long remaining,
            long resetMillis,
            long retryMillis,
            List<Reservation> reservations) {

        public static final Decision NO_RULES = new Decision(true, false, -1, -1, 0, 0, List.of());
        static final Decision UNAVAILABLE = new Decision(true, true, -1, -1, 0, 0, List.of());

        public boolean hasHeaders() {
            return limit >= 0;
        }
    }

    public Future<Decision> check(List<Charge> charges) {
        if (charges.isEmpty()) {
            return Future.succeededFuture(Decision.NO_RULES);
        }
        long now = clock.millis();
        List<String> keys = new ArrayList<>(charges.size());
        List<String> args = new ArrayList<>(1 + charges.size() * 4);
        args.add(Long.toString(now));
        for (Charge c : charges) {
            LimitRule rule = c.rule();
            keys.add(counterKey(c, now));
            args.add(rule.sliding() ? "s" : "f");
            args.add(Long.toString(rule.limit()));
            args.add(Long.toString(rule.intervalMillis()));
            args.add(Long.toString(c.cost()));
        }
        return redis.eval(check, keys, args, timeout)
                .map(r -> decide(charges, keys, r))
                .recover(e -> {
                    LOG.debugf("Rate limiter unavailable: %s", e.toString());
                    return Future.succeededFuture(Decision.UNAVAILABLE);
                });
    }

    private static String counterKey(Charge c, long now) {
        LimitRule rule = c.rule();
        return rule.sliding() ? c.counter() : c.counter() + ":" + Math.floorDiv(now, rule.intervalMillis());
    }

    private static Decision decide(List<Charge> charges, List<String> keys, Response r) {
        boolean allowed = r.get(0).toInteger() == 1;
        long limit = -1;
        long remaining = Long.MAX_VALUE;
        long reset = 0;
        long retry = 0;
        List<Reservation> reservations = new ArrayList<>();
        for (int i = 0; i < charges.size(); i++) {
            Charge c = charges.get(i);
            int base = 1 + i * 4;
            long left = r.get(base).toLong();
            long resetMs = r.get(base + 1).toLong();
            long retryMs = r.get(base + 2).toLong();
            long bucket = r.get(base + 3).toLong();
            if (left < remaining || (left == remaining && resetMs > reset)) {
                limit = c.rule().limit();
                remaining = left;
                reset = resetMs;
            }
            if (!allowed && left < c.cost()) {
                retry = Math.max(retry, retryMs);
            }
            if (allowed && c.rule().tokens() && c.cost() > 0) {
                reservations.add(new Reservation(keys.get(i), c.rule().sliding(), bucket, c.cost()));
            }
        }
        return new Decision(allowed, false, limit, remaining, reset, retry, List.copyOf(reservations));
    }

    /** Corrects a token reservation by the real usage (fire and forget; a failure leaves the estimate counted). */
    public void settle(Reservation reservation, long actualTokens) {
        long delta = actualTokens - reservation.reserved();
        if (delta == 0) {
            return;
        }
        redis.eval(
                        settle,
                        List.of(reservation.key()),
                        List.of(
                                reservation.sliding() ? "s" : "f",
                                Long.toString(reservation.bucket()),
                                Long.toString(delta)),
                        SETTLE_TIMEOUT)
                .onFailure(e -> LOG.debugf("Token settlement failed, estimate kept: %s", e.toString()));
    }

    static String hash(String identifier) {
        return HexFormat.of().formatHex(TokenDigest.of(identifier), 0, 16);
    }
}
