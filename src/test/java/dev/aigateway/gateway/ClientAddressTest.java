package dev.aigateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.ratelimit.GatewayClock;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the {@code ip} limit identifier was the socket peer, so behind an ingress every client shared one bucket.
 * A gateway's {@code trusted-proxies} let forwarding headers name the client; from any other peer they are ignored.
 * The test client is 127.0.0.1: {@code ip-proxied} trusts it, {@code ip-direct} does not (both: 2 requests per IP).
 */
@QuarkusTest
class ClientAddressTest extends GatewayTest {

    private static final long TEN_MINUTES = 600_000;

    @Inject
    GatewayClock clock;

    @BeforeEach
    void freshWindow() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"id\":\"c1\",\"choices\":[]}");
        long window = System.currentTimeMillis() / TEN_MINUTES
                + ThreadLocalRandom.current().nextLong(1, 1_000_000);
        clock.set(window * TEN_MINUTES); // Redis outlives the test JVM: counters of this run only
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private int ok(String gatewayId, Map<String, String> headers, int requests) {
        int ok = 0;
        for (int i = 0; i < requests; i++) {
            int status = postChat(gatewayId, "{}", headers).statusCode();
            assertThat(status).isIn(200, 429);
            ok += status == 200 ? 1 : 0;
        }
        return ok;
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        assertThat(ok("ip-proxied", Map.of("x-forwarded-for", "203.0.113.7"), 3))
                .isEqualTo(2);
        assertThat(ok("ip-proxied", Map.of("x-forwarded-for", "203.0.113.8"), 1))
                .isEqualTo(1);
        // the rightmost untrusted hop is the client: a client cannot pick a fresh bucket by prepending addresses
        assertThat(ok("ip-proxied", Map.of("x-forwarded-for", "10.9.9.9, 203.0.113.7"), 1))
                .isEqualTo(0);
        // Forwarded (RFC 7239) wins over X-Forwarded-For, quoted IPv6 with a port included
        assertThat(ok(
                        "ip-proxied",
                        Map.of(
                                "forwarded",
                                "for=\"[2001:db8::17]:4711\";proto=https",
                                "x-forwarded-for",
                                "203.0.113.7"),
                        3))
                .isEqualTo(2);
        assertThat(ok("ip-proxied", Map.of("forwarded", "for=2001:DB8:0:0:0:0:0:17"), 1))
                .as("the same IPv6 address written out in full")
                .isEqualTo(0);
        assertThat(upstream.received()).hasSize(5);
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
        assertThat(ok("ip-direct", Map.of("x-forwarded-for", "198.51.100.1"), 1))
                .isEqualTo(1);
        assertThat(ok("ip-direct", Map.of("x-forwarded-for", "198.51.100.2"), 1))
                .isEqualTo(1);
        assertThat(ok("ip-direct", Map.of("forwarded", "for=198.51.100.3"), 1))
                .as("every request counts against the socket peer 127.0.0.1")
                .isEqualTo(0);
    }

    @Test
    void chainsAreWalkedFromTheRightThroughTrustedHopsOnly() {
        TrustedProxies trusted = TrustedProxies.parse("test", List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        assertThat(trusted.clientAddress("10.1.2.3", h)).isEqualTo("10.1.2.3");
        h.add("X-Forwarded-For", "1.1.1.1, 2.2.2.2").add("X-Forwarded-For", "10.4.4.4");
        assertThat(trusted.clientAddress("192.168.1.7", h)).isEqualTo("2.2.2.2");
        assertThat(trusted.clientAddress("192.168.1.8", h)).as("untrusted peer").isEqualTo("192.168.1.8");
        assertThat(trusted.clientAddress("::ffff:10.0.0.1", h)).isEqualTo("2.2.2.2");
        MultiMap garbage = MultiMap.caseInsensitiveMultiMap().add("x-forwarded-for", "evil.example, 10.5.5.5");
        assertThat(trusted.clientAddress("10.0.0.1", garbage))
                .as("a name is never looked up: the last address reached is the client")
                .isEqualTo("10.5.5.5");
        MultiMap unknown = MultiMap.caseInsensitiveMultiMap().add("forwarded", "for=unknown");
        assertThat(trusted.clientAddress("fd00::1", unknown)).isEqualTo("fd00::1");
        assertThat(TrustedProxies.NONE.clientAddress("10.0.0.1", h)).isEqualTo("10.0.0.1");
        for (String bad : List.of("10.0.0.0/33", "example.com", "10.0.0.0/x", "::1/129")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrustedProxies.parse("s", List.of(bad)))
                    .hasMessageContaining("s: '" + bad + "'");
        }
    }
}
