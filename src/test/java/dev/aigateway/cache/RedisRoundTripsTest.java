package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.LocalRedisServer;
import dev.aigateway.testing.OwnRedisProfile;
import dev.aigateway.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Command;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What a request costs Redis on a gateway that caches and limits (the production path): counted on a Redis only this
 * test uses, from {@code INFO commandstats} (scripts run, and every command including those the scripts ran) and
 * {@code total_reads_processed} (the reads Redis made from its clients: one per round trip, however many commands it
 * carries; less the semantic cache's background stream reads and new connections' set-up). A cache miss makes one call
 * at admission (the limit check, the lookup and the single-flight lock) and one after the response (the store and
 * lock release, batched with any token settlement); a hit makes one.
 */
@QuarkusTest
@TestProfile(RedisRoundTripsTest.OwnRedis.class)
class RedisRoundTripsTest extends GatewayTest {

    /** The gateway talks to a Redis of this test's own, so nothing else moves its counters. */
    public static class OwnRedis extends OwnRedisProfile {
        public OwnRedis() {
            super(settings());
        }

        private static Map<String, String> settings() {
            Map<String, String> m = new HashMap<>();
            // the benchmark's production gateway: cache and a per-key request limit
            m.put("gateway.gateways.trips.cache-ttl", "300");
            m.put("gateway.gateways.trips.limits.per-key.identifier", "credential");
            m.put("gateway.gateways.trips.limits.per-key.limit", "1000000000");
            m.put("gateway.gateways.trips.limits.per-key.interval", "60");
            // and one with a token limit too: its settlement rides with the store
            m.put("gateway.gateways.trips-tokens.cache-ttl", "300");
            m.put("gateway.gateways.trips-tokens.limits.per-key.identifier", "credential");
            m.put("gateway.gateways.trips-tokens.limits.per-key.limit", "1000000000");
            m.put("gateway.gateways.trips-tokens.limits.per-key.interval", "60");
            m.put("gateway.gateways.trips-tokens.limits.tokens.identifier", "credential");
            m.put("gateway.gateways.trips-tokens.limits.tokens.limit", "1000000000");
            m.put("gateway.gateways.trips-tokens.limits.tokens.interval", "60");
            m.put("gateway.gateways.trips-tokens.limits.tokens.unit", "tokens");
            return m;
        }
    }

    private static final int N = 20;
    private static final Pattern CALLS = Pattern.compile("cmdstat_([a-z|_]+):calls=(\\d+)");
    private static final Pattern READS = Pattern.compile("total_reads_processed:(\\d+)");

    /** Commands by name and Redis's reads from clients, at one moment. */
    private record Snapshot(Map<String, Long> calls, long reads) {

        long commands() {
            return calls.entrySet().stream()
                    .filter(e -> !e.getKey().equals("info"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    private static Snapshot snapshot(TestRedis redis) {
        String info = redis.send(Command.INFO, "stats", "commandstats").toString();
        Map<String, Long> calls = new HashMap<>();
        Matcher m = CALLS.matcher(info);
        while (m.find()) {
            calls.put(m.group(1), Long.parseLong(m.group(2)));
        }
        Matcher r = READS.matcher(info);
        assertThat(r.find()).isTrue();
        return new Snapshot(calls, Long.parseLong(r.group(1)));
    }

    /**
     * Per request: scripts run, commands (the scripts' own included), round trips (less the test's own INFO and the
     * background stream reads, one read each).
     */
    private record Cost(double scripts, double commands, double roundTrips, Map<String, Long> byCommand) {}

    private static Cost cost(Snapshot before, Snapshot after, int requests) {
        Map<String, Long> by = new HashMap<>();
        after.calls().forEach((k, v) -> {
            long d = v - before.calls().getOrDefault(k, 0L);
            if (d > 0 && !k.equals("info")) {
                by.put(k, d);
            }
        });
        // not the requests': the semantic cache's stream reads, and a new pooled connection's set-up
        long background = by.getOrDefault("xrange", 0L)
                + by.getOrDefault("hello", 0L)
                + by.getOrDefault("select", 0L)
                + by.getOrDefault("client|setinfo", 0L)
                + by.getOrDefault("auth", 0L);
        long commands = after.commands() - before.commands() - background;
        long reads = after.reads() - before.reads() - 1 - background; // the INFO of the second snapshot
        long scripts = by.getOrDefault("evalsha", 0L) + by.getOrDefault("eval", 0L);
        return new Cost(scripts / (double) requests, commands / (double) requests, reads / (double) requests, by);
    }

    private String stored(String gatewayId) {
        String metrics = given().baseUri(gateway.toString()).get("q/metrics").asString();
        Matcher m = Pattern.compile(
                        "gateway_cache_events_total\\{event=\"stored\",gateway=\"" + gatewayId + "\"} ([0-9.E]+)")
                .matcher(metrics);
        return m.find() ? m.group(1) : "0";
    }

    /** N misses (each stored), then the same N requests again (hits): the cost of each kind. */
    private Cost[] measure(String gatewayId) {
        String run = UUID.randomUUID().toString();
        // warm-up: the gateway's Redis connections open (their HELLO/SELECT are no request's cost)
        for (int i = 0; i < 3; i++) {
            postChat(gatewayId, "{\"model\":\"gpt-4o-mini\",\"q\":\"warm-" + run + i + "\"}", Map.of());
        }
        Awaitility.await().until(() -> Double.parseDouble(stored(gatewayId)) >= 3);
        double storedBefore = Double.parseDouble(stored(gatewayId));
        try (TestRedis redis = new TestRedis(LocalRedisServer.url())) {
            Snapshot s0 = snapshot(redis);
            for (int i = 0; i < N; i++) {
                var r = postChat(gatewayId, "{\"model\":\"gpt-4o-mini\",\"q\":\"" + run + i + "\"}", Map.of());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.header("cf-aig-cache-status")).isEqualTo("MISS");
            }
            Awaitility.await().until(() -> Double.parseDouble(stored(gatewayId)) >= storedBefore + N);
            Snapshot s1 = snapshot(redis);
            for (int i = 0; i < N; i++) {
                var r = postChat(gatewayId, "{\"model\":\"gpt-4o-mini\",\"q\":\"" + run + i + "\"}", Map.of());
                assertThat(r.header("cf-aig-cache-status")).isEqualTo("HIT");
            }
            Snapshot s2 = snapshot(redis);
            Cost miss = cost(s0, s1, N);
            Cost hit = cost(s1, s2, N);
            System.out.printf(
                    "[redis-round-trips] %s: miss+store %.2f round trips, %.2f scripts, %.2f commands %s;"
                            + " hit %.2f round trips, %.2f scripts, %.2f commands %s%n",
                    gatewayId,
                    miss.roundTrips(),
                    miss.scripts(),
                    miss.commands(),
                    miss.byCommand(),
                    hit.roundTrips(),
                    hit.scripts(),
                    hit.commands(),
                    hit.byCommand());
            return new Cost[] {miss, hit};
        }
    }

    @Test
    void aMissAndItsStoreCostTwoRoundTripsAHitOne() {
        upstream.onJson("/openai/v1/chat/completions", 200, "{\"ok\":true}");
        Cost[] cost = measure("trips");
        assertThat(cost[0].roundTrips()).as("miss + store").isLessThanOrEqualTo(2.0);
        assertThat(cost[1].roundTrips()).as("hit").isLessThanOrEqualTo(1.0);
    }

    @Test
    void aTokenLimitsSettlementRidesWithTheStore() {
        upstream.onJson(
                "/openai/v1/chat/completions",
                200,
                "{\"ok\":true,\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        Cost[] cost = measure("trips-tokens");
        assertThat(cost[0].roundTrips()).as("miss + store + settlement").isLessThanOrEqualTo(2.0);
        // the script gives a hit's token reservation back itself: no second round trip
        assertThat(cost[1].roundTrips()).as("hit").isLessThanOrEqualTo(1.0);
    }
}
