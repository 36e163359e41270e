package dev.aigateway.usage;

import dev.aigateway.config.GatewayConfig;
import java.lang.reflect.Proxy;
import java.util.Optional;

/** A {@link GatewayConfig} for unit tests of the price catalogue: no override file. */
final class TestConfig {

    private TestConfig() {}

    static GatewayConfig noPriceFile() {
        GatewayConfig.Prices prices = () -> Optional.empty();
        return (GatewayConfig) Proxy.newProxyInstance(
                GatewayConfig.class.getClassLoader(), new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prices")) {
                        return prices;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
