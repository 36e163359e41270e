package dev.aigateway.route;

import dev.aigateway.ratelimit.LimitRule;
import dev.aigateway.ratelimit.RateLimiter;
import dev.aigateway.ratelimit.RateLimiter.Reservation;
import io.vertx.core.Future;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A rate element's check: one request counted against its limit in Redis by the gateway's limiter (the same Lua
 * script, fixed or sliding window on Redis time, shared by every replica), per value of the element's key. Redis not
 * answering in time lets the request through ({@code success}): the request path never fails because Redis did.
 */
@Singleton
public class RouteRates {

    private final RateLimiter limiter;

    public RouteRates(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /**
     * Whether the request is within element {@code e}'s limit (counted when it is). A cost element admits the request
     * while the window's cost is below its limit, holding one nano-dollar in {@code costs}: the reservation the
     * response's real cost settles (the step that answers settles it; see {@code proxy/LimitSettler}).
     */
    public Future<Boolean> allow(DeployedRoute route, RouteElement e, String keyValue, List<Reservation> costs) {
        RouteElement.Rate rate = e.rate();
        LimitRule rule = new LimitRule(
                "route." + Long.toHexString(Double.doubleToLongBits(RouteWalk.fraction(route.name() + '\0' + e.id()))),
                new LimitRule.Identifier(
                        e.key() == null ? LimitRule.Source.GATEWAY : LimitRule.Source.METADATA,
                        e.key() == null ? "" : e.key()),
                rate.limit(),
                rate.intervalSeconds() * 1000,
                rate.sliding(),
                false,
                rate.cost());
        return limiter.check(List.of(RateLimiter.Charge.of(route.gatewayId(), rule, keyValue, 1)), true)
                .map(d -> d.match(
                        allowed -> {
                            costs.addAll(allowed.reservations()); // a cost element's one nano-dollar
                            return true;
                        },
                        limited -> false,
                        () -> true));
    }
}
