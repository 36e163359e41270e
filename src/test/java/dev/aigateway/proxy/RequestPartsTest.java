package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure request handling: ids, URL splitting and which headers cross the gateway. */
class RequestPartsTest {

    @Test
    void idsAreLowercaseTimeOrderedUuid7() {
        String a = RequestContext.uuid7(1_700_000_000_000L).toString();
        String b = RequestContext.uuid7(1_700_000_000_001L).toString();
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(a.substring(0, 13)).isEqualTo("018bcfe5-6800");
        assertThat(a.compareTo(b)).isNegative();
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(RequestContext.newId());
        }
        assertThat(many).hasSize(10_000);
    }

    @Test
    void fullRouteKeepsTheRawProviderPath() {
        RouteParser parser = new RouteParser(config("default"));
        Route route = parser.full("/v1/acc/gw/google-ai-studio/v1beta/models/g%2Fx:generateContent");
        assertThat(route.accountId()).isEqualTo("acc");
        assertThat(route.gatewayId()).isEqualTo("gw");
        assertThat(route.providerSlug()).isEqualTo("google-ai-studio");
        assertThat(route.providerPath()).isEqualTo("/v1beta/models/g%2Fx:generateContent");
        assertThat(parser.full("/v1/acc/gw/openai").providerPath()).isEmpty();
        assertThat(parser.full("/v1/acc/gw/openai/").providerPath()).isEqualTo("/");
    }

    @Test
    void hostedRouteUsesTheHostGateway() {
        Route route = new RouteParser(config("edge")).hosted("/anthropic/v1/messages");
        assertThat(route.gatewayId()).isEqualTo("edge");
        assertThat(route.providerSlug()).isEqualTo("anthropic");
        assertThat(route.providerPath()).isEqualTo("/v1/messages");
        assertThat(route.accountId()).isNull();
    }

    @Test
    void hopByHopHostAndGatewayHeadersStayAtTheGateway() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap()
                .add("Host", "gateway.local")
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("X-Secret-Hop", "1")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c")
                .add("Expect", "100-continue")
                .add("CF-AIG-Authorization", "Bearer gw")
                .add("cf-aig-cache-ttl", "60")
                .add("cf-skip-cache", "true")
                .add("CF-Cache-TTL", "5") // names match in any case
                .add("TE", "trailers")
                .add("PROXY-Authorization", "Basic eDp5")
                .add("Authorization", "Bearer sk")
                .add("anthropic-beta", "a,b")
                .add("Content-Type", "application/json")
                .add("Content-Length", "12");
        MultiMap out = HeaderRules.upstreamRequestHeaders(in);
        assertThat(out.names())
                .containsExactlyInAnyOrder(
                        "Authorization", "anthropic-beta", "Content-Type", "Content-Length", "accept-encoding");
        assertThat(out.get("accept-encoding")).isEqualTo("identity"); // providers answer uncompressed
    }

    @Test
    void responseHopByHopHeadersAreDropped() {
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "close")
                .add("Transfer-Encoding", "chunked")
                .add("x-request-id", "req_1")
                .add("Content-Type", "text/event-stream");
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        HeaderRules.copyResponseHeaders(upstream, out);
        assertThat(out.names()).containsExactlyInAnyOrder("x-request-id", "Content-Type");
    }

    private static dev.aigateway.config.GatewayConfig config(String hostGateway) {
        return (dev.aigateway.config.GatewayConfig) java.lang.reflect.Proxy.newProxyInstance(
                RequestPartsTest.class.getClassLoader(),
                new Class<?>[] {dev.aigateway.config.GatewayConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("hostGateway")) {
                        return hostGateway;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
