package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.redis.RedisCalls;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.LocalRedisServer;
import dev.aigateway.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Entries the limit script's lookup finds but cannot simply hand over, on gateways that limit (the production path,
 * with the limiter's production timeout): a multi-megabyte entry is still a hit, never a limiter timeout (it is read
 * apart from the check's answer); an unreadable one is a miss that goes upstream counted as a miss is, though the
 * script gave its token reservation back on finding it.
 */
@QuarkusTest
@TestProfile(CacheEntryEdgesTest.Production.class)
class CacheEntryEdgesTest extends GatewayTest {

    /** A Redis of the test's own and the limiter's production timeout; lookups get the test profile's time. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalRedisServer.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            m.put("gateway.rate-limit.timeout", "100ms");
            m.put("gateway.cache.lookup-timeout", "10s");
            m.put("gateway.gateways.large.cache-ttl", "300");
            m.put("gateway.gateways.large.rate-limiting-fail-open", "false");
            m.put("gateway.gateways.large.limits.per-key.identifier", "credential");
            m.put("gateway.gateways.large.limits.per-key.limit", "1000");
            m.put("gateway.gateways.large.limits.per-key.interval", "600");
            m.put("gateway.gateways.unreadable.cache-ttl", "300");
            m.put("gateway.gateways.unreadable.limits.tokens.identifier", "gateway");
            m.put("gateway.gateways.unreadable.limits.tokens.limit", "100000000");
            m.put("gateway.gateways.unreadable.limits.tokens.interval", "600");
            m.put("gateway.gateways.unreadable.limits.tokens.unit", "tokens");
            return m;
        }
    }

    private double stored(String gatewayId) {
        String metrics = given().baseUri(gateway.toString()).get("q/metrics").asString();
        Matcher m = Pattern.compile(
                        "gateway_cache_events_total\\{event=\"stored\",gateway=\"" + gatewayId + "\"} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aMultiMegabyteHitIsServedFromTheCache() {
        String large = "{\"ok\":\"" + "x".repeat(20 << 20) + "\"}";
        upstream.onJson("/openai/v1/chat/completions", 200, large);
        String body = "{\"model\":\"gpt-4o-mini\",\"q\":\"" + UUID.randomUUID() + "\"}";
        double before = stored("large");

        Response miss = postChat("large", body, Map.of());
        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.header("cf-aig-cache-status")).isEqualTo("MISS");
        Awaitility.await().until(() -> stored("large") > before);

        for (int i = 0; i < 3; i++) {
            Response hit = postChat("large", body, Map.of());
            assertThat(hit.statusCode()).as("the limit check answered in time").isEqualTo(200);
            assertThat(hit.header("cf-aig-cache-status")).isEqualTo("HIT");
            assertThat(hit.header("RateLimit-Remaining")).isEqualTo(Integer.toString(998 - i));
            assertThat(hit.asString()).isEqualTo(large);
        }
        assertThat(upstream.received()).as("only the miss went upstream").hasSize(1);
    }

    /** What the gateway-wide token rule of gateway {@code unreadable} holds now. */
    private static long counted(TestRedis redis) {
        return redis.send(Command.HVALS, RedisCalls.PREFIX + "rl:{unreadable}:tokens:all").stream()
                .mapToLong(v -> v.toLong())
                .sum();
    }

    @Test
    void anUnreadableEntryGoesUpstreamCountedAsAMiss() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}"); // no usage: the estimate stays counted
        String body = "{\"model\":\"gpt-4o-mini\",\"q\":\"" + UUID.randomUUID() + "\"}";
        try (TestRedis redis = new TestRedis(LocalRedisServer.url())) {
            long start = counted(redis);
            Response first = postChat("unreadable", body, Map.of());
            assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
            Awaitility.await().until(() -> stored("unreadable") >= 1);
            long perRequest = counted(redis) - start;
            assertThat(perRequest).as("a miss keeps its estimate").isPositive();

            List<String> entries = redis.send(Command.KEYS, CacheKey.entryPrefix("unreadable") + "*").stream()
                    .map(Object::toString)
                    .toList();
            assertThat(entries).hasSize(1);
            redis.send(Command.SET, entries.get(0), "not an entry", "KEEPTTL");

            Response unreadable = postChat("unreadable", body, Map.of());
            assertThat(unreadable.statusCode()).isEqualTo(200);
            assertThat(unreadable.asString()).isEqualTo("{\"ok\":true}");
            assertThat(unreadable.header("cf-aig-cache-status")).isEqualTo("MISS");
            assertThat(upstream.received()).hasSize(2);
            Awaitility.await().until(() -> counted(redis) - start >= 2 * perRequest);
            assertThat(counted(redis) - start)
                    .as("counted as the first miss was, though the script gave it back on finding the entry")
                    .isEqualTo(2 * perRequest);

            Awaitility.await().until(() -> stored("unreadable") >= 2); // its response overwrote the entry
            Response hit = postChat("unreadable", body, Map.of());
            assertThat(hit.header("cf-aig-cache-status")).isEqualTo("HIT");
            assertThat(upstream.received()).hasSize(2);
            assertThat(counted(redis) - start).as("a hit costs no tokens").isEqualTo(2 * perRequest);
        }
    }
}
