package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.ShardedRedisServer;
import dev.aigateway.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A Redis sharded behind one endpoint ({@link ShardedRedisServer}) with the gateway configured for a single Redis:
 * the limit script that makes the cache lookup too (keys of different slots) is refused with {@code CROSSSLOT} once;
 * the request that met it is still checked, looked up and answered, and every later one goes the separate way (the
 * limit check alone, the lookup alone) without meeting the error again.
 */
@QuarkusTest
@TestProfile(ShardedRedisTest.Sharded.class)
class ShardedRedisTest extends GatewayTest {

    public static class Sharded implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ShardedRedisServer.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.gateways.sharded.cache-ttl", "300",
                    "gateway.gateways.sharded.rate-limiting-fail-open", "false",
                    "gateway.gateways.sharded.limits.per-key.identifier", "credential",
                    "gateway.gateways.sharded.limits.per-key.limit", "100",
                    "gateway.gateways.sharded.limits.per-key.interval", "600");
        }
    }

    private static final Pattern CROSSSLOT = Pattern.compile("errorstat_CROSSSLOT:count=(\\d+)");

    private static long crossSlotErrors(TestRedis redis) {
        Matcher m = CROSSSLOT.matcher(redis.send(Command.INFO, "errorstats").toString());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private double stored() {
        String metrics = given().baseUri(gateway.toString()).get("q/metrics").asString();
        Matcher m = Pattern.compile("gateway_cache_events_total\\{event=\"stored\",gateway=\"sharded\"} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theFirstRequestIsServedAfterCrossSlotAndTheNextOnesGoSeparately() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}");
        String body = "{\"model\":\"gpt-4o-mini\",\"q\":\"" + UUID.randomUUID() + "\"}";
        try (TestRedis redis = new TestRedis(ShardedRedisServer.url())) {
            assertThat(crossSlotErrors(redis)).isZero();

            Response first = postChat("sharded", body, Map.of());
            assertThat(first.statusCode())
                    .as("served, not refused for want of a decision")
                    .isEqualTo(200);
            assertThat(first.asString()).isEqualTo("{\"ok\":true}");
            assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
            assertThat(first.header("RateLimit-Remaining")).as("counted once").isEqualTo("99");
            assertThat(crossSlotErrors(redis)).as("the combined call was tried").isEqualTo(1);
            Awaitility.await().until(() -> stored() >= 1);

            Response again = postChat("sharded", body, Map.of());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.header("cf-aig-cache-status"))
                    .as("the lookup alone finds it")
                    .isEqualTo("HIT");
            assertThat(again.header("RateLimit-Remaining")).isEqualTo("98");

            Response other = postChat("sharded", "{\"model\":\"gpt-4o-mini\",\"q\":\"other\"}", Map.of());
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.header("cf-aig-cache-status")).isEqualTo("MISS");
            assertThat(other.header("RateLimit-Remaining")).isEqualTo("97");

            assertThat(upstream.received()).as("the hit called no provider").hasSize(2);
            assertThat(crossSlotErrors(redis))
                    .as("the later requests went the separate way")
                    .isEqualTo(1);
        }
    }
}
