package dev.aigateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a circuit breaker holds against a provider host. The HTTP-level behaviour is in {@link BreakerIsolationTest};
 * the gateway's own pool being full cannot be provoked there without starving every other test, so it is checked here.
 */
class BreakerBlameTest {

    @Test
    void aSaturatedGatewayPoolIsNotTheProvidersFault() {
        UpstreamFailure busy = UpstreamFailure.connectFailed(
                new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 4096"));
        assertThat(busy.reason()).isEqualTo(UpstreamFailure.Reason.SATURATED);
        assertThat(busy.countsAgainstProvider()).isFalse();
        assertThat(busy.kind()).isEqualTo(UpstreamFailure.Kind.RETRYABLE);

        UpstreamFailure refused = UpstreamFailure.connectFailed(new ConnectException("Connection refused"));
        assertThat(refused.reason()).isEqualTo(UpstreamFailure.Reason.UNREACHABLE);
        assertThat(refused.countsAgainstProvider()).isTrue();
    }

    @Test
    void onlyTimeoutsAtLeastTheProvidersOwnCount() {
        assertThat(UpstreamFailure.timeout(1, 600_000).countsAgainstProvider()).isFalse();
        assertThat(UpstreamFailure.timeout(600_000, 600_000).countsAgainstProvider())
                .isTrue();
        assertThat(UpstreamFailure.timeout(900_000, 600_000).countsAgainstProvider())
                .isTrue();
        assertThat(UpstreamFailure.timeout(1, 600_000).statusOrGateway()).isEqualTo(504);
    }

    @Test
    void theWindowForgetsOldFailures() {
        FailureWindow window = new FailureWindow(Duration.ofSeconds(10));
        long t0 = 1_000_000_000_000L;
        window.record(true, t0);
        window.record(true, t0 + 1_000_000_000L);
        assertThat(window.tripped(2, 0.5, t0 + 2_000_000_000L)).isTrue();
        // eleven seconds later both failures are out of the window
        window.record(false, t0 + 12_000_000_000L);
        window.record(true, t0 + 12_000_000_000L);
        assertThat(window.tripped(2, 1.0, t0 + 12_000_000_000L)).isFalse();
        assertThat(window.tripped(2, 0.5, t0 + 12_000_000_000L)).isTrue();
        window.clear();
        assertThat(window.tripped(1, 0.01, t0 + 12_000_000_000L)).isFalse();
    }
}
