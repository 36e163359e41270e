package dev.aigateway.testing;

import dev.aigateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code gateway.*} tree read from given properties by SmallRye Config as Quarkus reads it (same converters for
 * durations and sizes), without starting Quarkus: for unit tests of settings, and of what start-up refuses.
 */
public final class MappedConfig {

    private MappedConfig() {}

    /** The mapped tree; a value the tree refuses throws as start-up would (its message names the property). */
    public static GatewayConfig of(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "unit-test", 500))
                .withMapping(GatewayConfig.class)
                .build()
                .getConfigMapping(GatewayConfig.class);
    }
}
