package dev.aigateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** Starts the fake upstream and points every provider the tests use at it. */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static FakeUpstream upstream;
    private static FakeUpstream secureUpstream;

    /** The fake upstream shared by all tests of this JVM. */
    public static synchronized FakeUpstream upstream() {
        if (upstream == null) {
            upstream = new FakeUpstream();
        }
        return upstream;
    }

    /** The TLS fake upstream (HTTP/2 via ALPN) behind provider {@code custom-secure}. */
    public static synchronized FakeUpstream secureUpstream() {
        if (secureUpstream == null) {
            secureUpstream = FakeUpstream.tls();
        }
        return secureUpstream;
    }

    @Override
    public Map<String, String> start() {
        String url = upstream().url();
        Map<String, String> config = new HashMap<>();
        config.put("gateway.providers.openai.base-url", url + "/openai/v1");
        config.put("gateway.providers.anthropic.base-url", url + "/anthropic");
        config.put("gateway.providers.\"google-ai-studio\".base-url", url + "/google");
        config.put("gateway.providers.groq.base-url", url + "/groq/openai/v1");
        config.put("gateway.providers.cohere.base-url", url + "/cohere");
        config.put(
                "gateway.providers.\"azure-openai\".base-url",
                url + "/azure/{resource}/openai/deployments/{deployment}");
        config.put("gateway.providers.\"aws-bedrock\".base-url", url + "/bedrock/{service}.{region}.{domain}");
        config.put("gateway.providers.\"google-vertex-ai\".base-url", url + "/vertex/{location-prefix}aiplatform");
        config.put("gateway.providers.\"workers-ai\".base-url", url + "/cf/accounts/{account}/ai");
        config.put("gateway.providers.fal.base-url", url + "/fal");
        config.put("gateway.providers.fal.allowed-target-hosts", "127.0.0.1");
        config.put("gateway.providers.\"custom-acme\".base-url", url + "/acme/api");
        config.put("gateway.providers.\"custom-acme\".auth-header", "x-acme-key");
        config.put("gateway.providers.\"custom-acme\".auth-scheme", "none");
        config.put("gateway.providers.\"custom-slow\".base-url", url + "/slow");
        config.put("gateway.providers.\"custom-slow\".first-byte-timeout", "700ms");
        config.put("gateway.providers.\"custom-flaky\".base-url", url + "/flaky");
        config.put("gateway.providers.\"custom-flaky\".circuit-breaker.enabled", "true");
        config.put("gateway.providers.\"custom-flaky\".circuit-breaker.request-volume-threshold", "3");
        config.put("gateway.providers.\"custom-flaky\".circuit-breaker.failure-ratio", "1.0");
        config.put("gateway.providers.\"custom-flaky\".circuit-breaker.delay", "3s");
        config.put("gateway.providers.\"custom-dead\".base-url", "http://127.0.0.1:" + closedPort());
        config.put(
                "gateway.providers.\"custom-secure\".base-url", secureUpstream().url() + "/v1");
        config.put(
                "gateway.providers.\"custom-secure\".trust-certificates",
                FakeUpstream.testFile("tls/upstream-cert.pem"));
        config.put(
                "gateway.providers.\"custom-untrusted\".base-url",
                secureUpstream().url() + "/v1");
        // circuit-breaker and timeout tests (BreakerIsolationTest, FirstByteTimeoutTest): one provider each
        breaker(config, "custom-guarded", url + "/guarded", 3, "60s");
        breaker(config, "custom-decay", url + "/decay", 2, "600ms");
        // Fal names its host per request (x-fal-target-url): breakers per host and port
        config.put("gateway.providers.fal.circuit-breaker.enabled", "true");
        config.put("gateway.providers.fal.circuit-breaker.request-volume-threshold", "2");
        config.put("gateway.providers.fal.circuit-breaker.failure-ratio", "1.0");
        config.put("gateway.providers.fal.circuit-breaker.delay", "60s");
        // key balancing (KeyBalancingTest): breakers per key and two deployments of one model
        breaker(config, "custom-pool", url + "/pool", 2, "60s");
        config.put("gateway.providers.\"custom-pool\".deployments.east", url + "/pool-east");
        config.put("gateway.providers.\"custom-pool\".deployments.west", url + "/pool-west");
        // a first-byte timeout longer than the test profile's 3 s connection idle timeout
        config.put("gateway.providers.\"custom-thinker\".base-url", url + "/thinker");
        config.put("gateway.providers.\"custom-thinker\".first-byte-timeout", "4500ms");
        return config;
    }

    private static void breaker(Map<String, String> config, String slug, String baseUrl, int volume, String window) {
        String p = "gateway.providers.\"" + slug + "\".";
        config.put(p + "base-url", baseUrl);
        config.put(p + "circuit-breaker.enabled", "true");
        config.put(p + "circuit-breaker.request-volume-threshold", Integer.toString(volume));
        config.put(p + "circuit-breaker.failure-ratio", "1.0");
        config.put(p + "circuit-breaker.delay", "60s");
        config.put(p + "circuit-breaker.window", window);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // shared for the whole test JVM; closed with it
    }
}
