package dev.aigateway.ratelimit;

import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.redis.RedisCalls;
import dev.aigateway.redis.RedisCalls.Script;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what limit counters hold now without counting anything (one Lua script, Redis's clock): the management API's
 * current spend of each spend limit.
 */
@ApplicationScoped
public class LimitCounters {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisCalls redis;
    private final GatewayClock clock;
    private final Script read = Script.load("spend-read");

    public LimitCounters(RedisCalls redis, GatewayClock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** What a counter holds in its current window, and when that window resets (ms). */
    public record Counted(long used, long resetMillis) {}

    /** The counters of {@code charges} (their costs are ignored), in order. */
    public Future<List<Counted>> read(List<Charge> charges) {
        if (charges.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(clock.offsetMillis()));
        for (Charge c : charges) {
            keys.add(c.counter());
            args.add(c.rule().sliding() ? "s" : "f");
            args.add(Long.toString(c.rule().intervalMillis()));
        }
        return redis.eval(read, keys, args, TIMEOUT).map(LimitCounters::counted);
    }

    private static List<Counted> counted(Response r) {
        List<Counted> out = new ArrayList<>();
        for (int i = 0; i + 1 < r.size(); i += 2) {
            out.add(new Counted(r.get(i).toLong(), r.get(i + 1).toLong()));
        }
        return out;
    }
}
