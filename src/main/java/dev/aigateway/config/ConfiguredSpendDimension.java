package dev.aigateway.config;

import io.smallrye.config.WithConverter;
import java.util.Optional;

/**
 * {@code gateway.gateways.<id>.spend-limits.<rule>.provider|model|metadata.*}: one dimension of a spend limit.
 * Absent: the dimension does not scope the rule (every provider, model or metadata value shares its budget).
 */
public interface ConfiguredSpendDimension {

    /** {@code split} (every value its own budget) or {@code filter} (only {@code value} counts); required. */
    @WithConverter(SpendScope.Converter.class)
    Optional<SpendScope> mode();

    /** The one value that counts, for {@code filter}. */
    Optional<String> value();

    /** The {@code cf-aig-metadata} key (the {@code metadata} dimension only). */
    Optional<String> key();
}
