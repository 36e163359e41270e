package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code cf-aig-custom-cost}: rates are non-negative and bounded (negative spend, numeric overflow). */
class CustomCostTest {

    @Test
    void negativeOrHugeRatesAreRefused() {
        assertThatThrownBy(() -> CustomCost.parse("{\"per_token_in\":-1,\"per_token_out\":0}"))
                .isInstanceOf(CustomCost.Invalid.class)
                .hasMessageContaining("per_token_in");
        assertThatThrownBy(() -> CustomCost.parse("{\"per_token_in\":0,\"per_token_out\":1e11}"))
                .isInstanceOf(CustomCost.Invalid.class);
        assertThatThrownBy(() ->
                        CustomCost.parse("{\"per_token_in\":0,\"per_token_out\":0,\"per_cache_write_token\":\"-2\"}"))
                .isInstanceOf(CustomCost.Invalid.class);
        assertThat(CustomCost.parse("{\"per_token_in\":1000,\"per_token_out\":0}"))
                .isNotNull();
        assertThat(CustomCost.parse("{\"per_token_in\":\"abc\",\"per_token_out\":0}"))
                .isNull(); // not valid: ignored
    }
}
