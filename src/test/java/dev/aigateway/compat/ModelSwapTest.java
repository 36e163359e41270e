package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model value is replaced byte for byte; everything else stays as the client wrote it. */
class ModelSwapTest {

    private static String swap(String body, String model) {
        byte[] out = ModelSwap.replace(body.getBytes(StandardCharsets.UTF_8), model);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheTopLevelModelValueChanges() {
        String body =
                "{ \"messages\" : [{\"role\":\"user\",\"content\":\"caf\u00e9 \\\"model\\\": x\",\"model\":\"inner\"}],\n"
                        + "  \"model\"  :  \"groq/llama-3.3-70b\", \"x_vendor\": {\"model\": \"keep\"}, \"temperature\": 1.0e0 }";
        assertThat(swap(body, "llama-3.3-70b")).isEqualTo(body.replace("\"groq/llama-3.3-70b\"", "\"llama-3.3-70b\""));
    }

    @Test
    void escapedModelNamesAndSlashesInTheTargetName() {
        assertThat(swap("{\"model\":\"openrouter\\/anthropic/claude\",\"a\":1}", "anthropic/claude"))
                .isEqualTo("{\"model\":\"anthropic/claude\",\"a\":1}");
        assertThat(swap("{\"model\":\"x/a\\\"b\"}", "a\"b")).isEqualTo("{\"model\":\"a\\\"b\"}");
    }

    @Test
    void noTopLevelModelString() {
        assertThat(swap("{\"m\":{\"model\":\"x\"}}", "y")).isNull();
        assertThat(swap("[1]", "y")).isNull();
        assertThat(swap("{\"model\":3}", "y")).isNull();
    }
}
