package dev.aigateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * A test profile whose gateway talks to a Redis of the test's own ({@link LocalRedisServer}, on a free port): the test
 * may stop and restart it, or read its counters, without touching the shared Redis. A subclass (one per test: a
 * profile is one application start) names the settings it adds.
 */
public abstract class OwnRedisProfile implements QuarkusTestProfile {

    private final Map<String, String> settings;

    /** @param settings the configuration the test adds (overrides) */
    protected OwnRedisProfile(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public final List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalRedisServer.class));
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        return settings;
    }
}
