package dev.aigateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A route's elements checked (each problem names its element), conditions evaluated, percentages split. */
class RouteGraphTest {

    private static final Set<String> PROVIDERS = Set.of("openai", "anthropic");

    private static RouteGraph graph(String json) {
        return RouteGraph.parse(new JsonArray(json), PROVIDERS::contains);
    }

    private static final String START =
            "{\"id\":\"s\",\"type\":\"start\",\"outputs\":{\"next\":{\"elementId\":\"m\"}}}";

    private static String model(String id, String provider, String fallback) {
        return "{\"id\":\"" + id + "\",\"type\":\"model\",\"properties\":{\"provider\":\"" + provider
                + "\",\"model\":\"x\"}"
                + (fallback == null ? "" : ",\"outputs\":{\"fallback\":{\"elementId\":\"" + fallback + "\"}}") + "}";
    }

    @Test
    void aValidRouteParses() {
        RouteGraph g = graph("[" + START + "," + model("m", "anthropic", "n") + "," + model("n", "openai", null) + "]");
        assertThat(g.start().id()).isEqualTo("s");
        assertThat(g.fallsBack("m")).isTrue();
        assertThat(g.fallsBack("n")).isFalse();
    }

    @Test
    void invalidGraphsNameTheElement() {
        assertThatThrownBy(() -> graph("[" + START + "," + model("m", "anthropic", "m") + "]"))
                .isInstanceOf(RouteInvalid.class)
                .hasMessageContaining("'m'")
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> graph("[" + START + "," + model("m", "anthropic", "ghost") + "]"))
                .hasMessageContaining("element 'm'")
                .hasMessageContaining("'ghost'");
        assertThatThrownBy(() -> graph("[" + START + "," + model("m", "mistery-ai", null) + "]"))
                .hasMessageContaining("element 'm'")
                .hasMessageContaining("unknown provider 'mistery-ai'");
        assertThatThrownBy(() -> graph(
                        "[" + START + "," + START.replace("\"s\"", "\"s2\"") + "," + model("m", "openai", null) + "]"))
                .hasMessageContaining("element 's2'")
                .hasMessageContaining("one start");
        assertThatThrownBy(() -> graph("[" + model("m", "openai", null) + "]")).hasMessageContaining("start");
        assertThatThrownBy(() -> graph("[" + START + ",{\"id\":\"m\",\"type\":\"teleport\"}]"))
                .hasMessageContaining("element 'm'")
                .hasMessageContaining("unknown type");
        assertThatThrownBy(() -> graph("[" + START + ",{\"id\":\"m\",\"type\":\"conditional\",\"properties\":"
                        + "{\"conditions\":{\"metadata.a\":{\"$regex\":\"x\"}}},\"outputs\":{\"true\":{\"elementId\":"
                        + "\"s\"},\"false\":{\"elementId\":\"s\"}}}]"))
                .hasMessageContaining("element 'm'");
        assertThatThrownBy(() -> graph("[" + START + ",{\"id\":\"m\",\"type\":\"percentage\",\"outputs\":{"
                        + "\"60%\":{\"elementId\":\"a\"},\"50%\":{\"elementId\":\"a\"}}}," + model("a", "openai", null)
                        + "]"))
                .hasMessageContaining("element 'm'")
                .hasMessageContaining("100%");
    }

    @Test
    void aModelElementsLoadBalancingIsReadAndCheckedNamingTheElement() {
        String balanced = "{\"id\":\"m\",\"type\":\"model\",\"properties\":{\"provider\":\"openai\",\"model\":\"x\","
                + "\"load_balancing\":{\"strategy\":\"least-in-flight\",\"weights\":{\"k1\":3}}}}";
        RouteElement m = graph("[" + START + "," + balanced + "]").element("m");
        assertThat(m.model().balancing().strategy()).isEqualTo(dev.aigateway.config.BalanceStrategy.LEAST_IN_FLIGHT);
        assertThat(m.model().balancing().weights()).containsEntry("k1", 3);
        assertThat(graph("[" + START + "," + model("m", "openai", null) + "]")
                        .element("m")
                        .model()
                        .balancing())
                .isNull();
        assertThatThrownBy(() -> graph("[" + START + "," + balanced.replace("3}", "-1}") + "]"))
                .isInstanceOf(RouteInvalid.class)
                .hasMessageContaining("element 'm'")
                .hasMessageContaining("load_balancing.weights.k1 must be an integer between 1 and 1000");
    }

    @Test
    void conditionsReadMetadataBodyAndHeaders() {
        RouteInput in = new RouteInput(
                Map.of("plan", "pro", "tier", 3),
                MultiMap.caseInsensitiveMultiMap().add("X-Team", "red"),
                Buffer.buffer("{\"model\":\"dynamic/r\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\"}]}"));
        assertThat(cond("{\"metadata.plan\":\"pro\"}", in)).isTrue();
        assertThat(cond("{\"metadata.plan\":{\"$ne\":\"pro\"}}", in)).isFalse();
        assertThat(cond("{\"metadata.tier\":{\"$gt\":2,\"$lt\":4}}", in)).isTrue();
        assertThat(cond("{\"metadata.tier\":{\"$in\":[\"3\",5]}}", in)).isTrue();
        assertThat(cond("{\"metadata.plan\":{\"$nin\":[\"free\",\"pro\"]}}", in))
                .isFalse();
        assertThat(cond("{\"metadata.nope\":{\"$exists\":false}}", in)).isTrue();
        assertThat(cond("{\"max_tokens\":{\"$gt\":100}}", in)).isTrue();
        assertThat(cond("{\"body.messages.0.role\":\"user\"}", in)).isTrue();
        assertThat(cond("{\"headers.x-team\":\"red\"}", in)).isTrue();
        assertThat(cond(
                        "{\"$and\":[{\"metadata.plan\":\"pro\"},{\"$or\":[{\"headers.x-team\":\"blue\"},"
                                + "{\"metadata.tier\":3}]}]}",
                        in))
                .isTrue();
    }

    private static boolean cond(String expr, RouteInput in) {
        return Condition.parse("c", new io.vertx.core.json.JsonObject(expr)).matches(in);
    }

    @Test
    void percentagesSplitTwoThousandRequestsWithinThreePercent() {
        DeployedRoute route = new DeployedRoute(
                "gw",
                "canary",
                "config:canary",
                "config",
                graph("["
                        + "{\"id\":\"s\",\"type\":\"start\",\"outputs\":{\"next\":{\"elementId\":\"p\"}}},"
                        + "{\"id\":\"p\",\"type\":\"percentage\",\"outputs\":{\"10%\":{\"elementId\":\"a\"},"
                        + "\"30%\":{\"elementId\":\"b\"},\"else\":{\"elementId\":\"c\"}}},"
                        + "{\"id\":\"q\",\"type\":\"percentage\",\"properties\":{\"key\":\"metadata.user\"},"
                        + "\"outputs\":{\"10%\":{\"elementId\":\"a\"},\"else\":{\"elementId\":\"c\"}}},"
                        + model("a", "openai", null) + "," + model("b", "openai", null) + ","
                        + model("c", "openai", null)
                        + "]"));
        RouteDecisions decisions = new RouteDecisions(new GatewayMetrics(new SimpleMeterRegistry()));
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 2000; i++) {
            RouteWalk walk = new RouteWalk(route, new RouteInput(Map.of(), null, null), null, decisions);
            counts.merge(walk.first().result().model().id(), 1, Integer::sum);
        }
        int stickyA = stickyCount(sticky(route), decisions);
        assertThat(counts.get("a")).isBetween(200 - 60, 200 + 60);
        assertThat(counts.get("b")).isBetween(600 - 60, 600 + 60);
        assertThat(counts.get("c")).isBetween(1200 - 60, 1200 + 60);
        assertThat(stickyA).isBetween(200 - 60, 200 + 60);
        // deterministic: the same users split the same way on every run and every replica
        assertThat(stickyCount(sticky(route), decisions)).isEqualTo(stickyA);
    }

    private static int stickyCount(DeployedRoute route, RouteDecisions decisions) {
        int a = 0;
        for (int i = 0; i < 2000; i++) {
            RouteInput user = new RouteInput(Map.of("user", "user-" + i), null, null);
            if (new RouteWalk(route, user, null, decisions)
                    .first()
                    .result()
                    .model()
                    .id()
                    .equals("a")) {
                a++;
            }
        }
        return a;
    }

    private static DeployedRoute sticky(DeployedRoute r) {
        RouteGraph g = graph("[{\"id\":\"s\",\"type\":\"start\",\"outputs\":{\"next\":{\"elementId\":\"q\"}}},"
                + "{\"id\":\"q\",\"type\":\"percentage\",\"properties\":{\"key\":\"metadata.user\"},"
                + "\"outputs\":{\"10%\":{\"elementId\":\"a\"},\"else\":{\"elementId\":\"c\"}}},"
                + model("a", "openai", null) + "," + model("c", "openai", null) + "]");
        return new DeployedRoute(r.gatewayId(), r.name(), r.id(), r.version(), g);
    }
}
