package dev.aigateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Providers for the circuit-breaker and timeout tests (global, like {@link FakeUpstreamResource}: one application for
 * all tests): each test owns its provider, so breaker state never leaks between tests.
 */
public class RoutingProvidersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = FakeUpstreamResource.upstream().url();
        Map<String, String> config = new HashMap<>();
        breaker(config, "custom-guarded", url + "/guarded", 3, "60s");
        breaker(config, "custom-decay", url + "/decay", 2, "600ms");
        // Fal names its host per request (x-fal-target-url): breakers per host and port
        config.put("gateway.providers.fal.circuit-breaker.enabled", "true");
        config.put("gateway.providers.fal.circuit-breaker.request-volume-threshold", "2");
        config.put("gateway.providers.fal.circuit-breaker.failure-ratio", "1.0");
        config.put("gateway.providers.fal.circuit-breaker.delay", "60s");
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

    @Override
    public void stop() {
        // nothing to stop
    }
}
