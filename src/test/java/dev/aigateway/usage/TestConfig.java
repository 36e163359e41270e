package dev.aigateway.usage;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.config.PricesConfig;
import java.lang.reflect.Proxy;
import java.util.Optional;

/** A {@link GatewayConfig} for unit tests of the price catalogue: no override file. */
final class TestConfig {

    private TestConfig() {}

    static GatewayConfig noPriceFile() {
        PricesConfig prices = () -> Optional.empty();
        return (GatewayConfig) Proxy.newProxyInstance(
                GatewayConfig.class.getClassLoader(), new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prices")) {
                        return prices;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
