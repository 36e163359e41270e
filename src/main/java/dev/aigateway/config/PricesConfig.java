package dev.aigateway.config;

import java.util.Optional;

/** {@code gateway.prices.*}: the price catalogue used for cost. */
public interface PricesConfig {

    /**
     * A JSON file in the format of the built-in {@code prices/catalogue.json}; its entries are used before the
     * built-in ones (to correct a price, or add models and providers).
     */
    Optional<String> file();
}
