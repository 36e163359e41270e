package dev.aigateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.config.BalanceStrategy;
import dev.aigateway.gateway.KeyBalancing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pool's choices without HTTP: weighted shares, interleaving, untried members first, least-in-flight. */
class KeyPoolTest {

    private static final List<KeyMember> MEMBERS = List.of(
            new KeyMember("a", 2, "Bearer ka", null),
            new KeyMember("b", 1, "Bearer kb", null),
            new KeyMember("c", 1, "Bearer kc", null));

    /** A balancer without config makes no breakers (those are {@link KeyBalancingTest}'s). */
    private static KeyPool pool(KeyBalancer balancer, BalanceStrategy strategy) {
        return balancer.pool("g", "openai", "gateway", new KeyBalancing(strategy, Map.of()), MEMBERS);
    }

    @Test
    void weightedRoundRobinGivesExactSharesInterleaved() {
        KeyBalancer balancer = new KeyBalancer(null);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> first8 = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            KeyPool.Lease lease = pool(balancer, BalanceStrategy.WEIGHTED).pick();
            counts.merge(lease.member().name(), 1, Integer::sum);
            if (first8.size() < 8) {
                first8.add(lease.member().name());
            }
            lease.release();
        }
        assertThat(counts).isEqualTo(Map.of("a", 200, "b", 100, "c", 100));
        assertThat(first8).containsExactly("a", "b", "c", "a", "a", "b", "c", "a");
    }

    @Test
    void aCallTriesEveryMemberOnceBeforeAnyAgain() {
        KeyPool pool = pool(new KeyBalancer(null), BalanceStrategy.WEIGHTED);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(pool.hasUntried()).isTrue();
            names.add(pool.pick().member().name());
        }
        assertThat(names).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(pool.hasUntried()).isFalse();
        assertThat(pool.switchesFor(
                        UpstreamFailure.noResponse(UpstreamFailure.Reason.TIMEOUT, UpstreamFailure.Kind.RETRYABLE)))
                .isFalse();
        assertThat(pool.pick()).isNotNull(); // a retry goes to any of them
    }

    @Test
    void leastInFlightTakesTheMemberWithTheFewestRequestsForItsWeight() {
        KeyBalancer balancer = new KeyBalancer(null);
        KeyPool.Lease first = pool(balancer, BalanceStrategy.LEAST_IN_FLIGHT).pick();
        KeyPool.Lease second = pool(balancer, BalanceStrategy.LEAST_IN_FLIGHT).pick();
        KeyPool.Lease third = pool(balancer, BalanceStrategy.LEAST_IN_FLIGHT).pick();
        assertThat(List.of(
                        first.member().name(),
                        second.member().name(),
                        third.member().name()))
                .containsExactlyInAnyOrder("a", "b", "c");
        // a has weight 2: with one in flight each, a is the least loaded (1/2)
        assertThat(pool(balancer, BalanceStrategy.LEAST_IN_FLIGHT)
                        .pick()
                        .member()
                        .name())
                .isEqualTo("a");
        second.release();
        second.release(); // once only
        KeyPool.Lease next = pool(balancer, BalanceStrategy.LEAST_IN_FLIGHT).pick();
        assertThat(next.member().name()).isEqualTo(second.member().name());
    }

    @Test
    void switchingNeedsAnUntriedMemberAndAFailureAnotherKeyMayNotShare() {
        KeyPool pool = pool(new KeyBalancer(null), BalanceStrategy.WEIGHTED);
        pool.pick();
        assertThat(pool.switchesFor(UpstreamFailure.status(UpstreamFailure.Kind.RETRYABLE, 429, 20_000, null)))
                .isTrue();
        assertThat(pool.switchesFor(UpstreamFailure.status(UpstreamFailure.Kind.FALLBACK, 401, -1, null)))
                .isTrue();
        assertThat(pool.switchesFor(UpstreamFailure.status(UpstreamFailure.Kind.FINAL, 400, -1, null)))
                .isFalse();
        assertThat(pool.switchesFor(
                        UpstreamFailure.connectFailed(new io.vertx.core.http.ConnectionPoolTooBusyException("full"))))
                .isFalse();
        assertThat(KeyBalancer.counts(UpstreamFailure.status(UpstreamFailure.Kind.RETRYABLE, 429, -1, null)))
                .isTrue();
        assertThat(KeyBalancer.counts(UpstreamFailure.status(UpstreamFailure.Kind.FINAL, 400, -1, null)))
                .isFalse();
    }
}
