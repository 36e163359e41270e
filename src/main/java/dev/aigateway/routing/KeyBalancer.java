package dev.aigateway.routing;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.gateway.KeyBalancing;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What balancing across a provider's stored keys and deployments remembers on this replica: per gateway, provider
 * and member its requests in flight and its circuit breaker (the provider's breaker settings; it counts the
 * provider's failures and also 401, 402, 403 and 429, which say something about one key, not about the host), and
 * per pool (a gateway's setting, or a route element's) the smooth weighted round robin's position. Nothing here holds
 * a secret. Bounded: beyond {@link #MAX_TRACKED} members or pools, new ones get fresh state for the request (no
 * breaker, round robin from the start).
 */
@Singleton
public class KeyBalancer {

    static final int MAX_TRACKED = 4096;

    private final GatewayConfig config;
    private final ConcurrentMap<String, MemberState> members = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Rotation> rotations = new ConcurrentHashMap<>();

    public KeyBalancer(GatewayConfig config) {
        this.config = config;
    }

    /**
     * A call's pool of {@code candidates} (in the order of their names).
     *
     * @param poolId the pool's name within the gateway and provider ({@code gateway} for the gateway's setting, the
     *     route and element for a route's)
     */
    public KeyPool pool(
            String gateway, String provider, String poolId, KeyBalancing balancing, List<KeyMember> candidates) {
        List<MemberState> states = new ArrayList<>(candidates.size());
        for (KeyMember m : candidates) {
            String key = gateway + "\u0000" + provider + "\u0000" + m.name();
            MemberState state = members.get(key);
            if (state == null) {
                state = members.size() >= MAX_TRACKED
                        ? new MemberState(null)
                        : members.computeIfAbsent(key, k -> new MemberState(breaker(gateway, provider, m.name())));
            }
            states.add(state);
        }
        String rotationKey = gateway + "\u0000" + provider + "\u0000" + poolId;
        Rotation rotation = rotations.get(rotationKey);
        if (rotation == null) {
            rotation = rotations.size() >= MAX_TRACKED
                    ? new Rotation()
                    : rotations.computeIfAbsent(rotationKey, k -> new Rotation());
        }
        return new KeyPool(balancing.strategy(), List.copyOf(candidates), states, rotation);
    }

    private Breaker breaker(String gateway, String provider, String member) {
        if (config == null) {
            return null; // (unit tests: no breakers)
        }
        return Breaker.create(
                config, provider, "key " + provider + "/" + member + " of gateway " + gateway, KeyBalancer::counts);
    }

    /** The failures that count against one key or deployment: the provider's, and the key's own refusals. */
    static boolean counts(UpstreamFailure f) {
        if (f.countsAgainstProvider()) {
            return true;
        }
        int s = f.status();
        return f.reason() == UpstreamFailure.Reason.STATUS && (s == 401 || s == 402 || s == 403 || s == 429);
    }

    /** One member's shared state. */
    static final class MemberState {
        final AtomicInteger inFlight = new AtomicInteger();
        final Breaker breaker;

        MemberState(Breaker breaker) {
            this.breaker = breaker;
        }

        boolean open() {
            return breaker != null && breaker.open();
        }
    }

    /**
     * Smooth weighted round robin (nginx's): each pick adds every candidate's weight to its score, takes the highest
     * and takes the candidates' total weight off it; over any run the members get their weights' shares, interleaved.
     */
    static final class Rotation {
        private final Map<String, Long> score = new HashMap<>();

        synchronized int next(List<KeyMember> members, List<Integer> candidates) {
            long total = 0;
            int best = -1;
            long bestScore = Long.MIN_VALUE;
            for (int i : candidates) {
                KeyMember m = members.get(i);
                long s = score.merge(m.name(), (long) m.weight(), Long::sum);
                total += m.weight();
                if (s > bestScore) {
                    bestScore = s;
                    best = i;
                }
            }
            score.merge(members.get(best).name(), -total, Long::sum);
            if (score.size() > 4 * KeyBalancing.MAX_MEMBERS) {
                score.clear(); // members renamed many times: start over
            }
            return best;
        }
    }
}
