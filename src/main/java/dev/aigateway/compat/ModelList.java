package dev.aigateway.compat;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.provider.ChatTargets;
import dev.aigateway.usage.PriceCatalogue;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code GET …/compat/models}: the models the unified API can reach, from the price catalogue — every listed model of
 * a provider the chat endpoint serves, as {@code {provider}/{model}} with its current price per token (USD), in
 * Cloudflare's shape: {@code {"object":"list","data":[{"id","object":"model","created_at","cost_in","cost_out",
 * "owned_by"}]}} — then the models configured for custom providers ({@code gateway.providers."custom-…".models}),
 * whose prices the gateway does not know ({@code cost_in}, {@code cost_out} null).
 */
@Singleton
public class ModelList {

    private final PriceCatalogue prices;
    private final UnifiedChat chat;
    private final GatewayConfig config;

    public ModelList(PriceCatalogue prices, UnifiedChat chat, GatewayConfig config) {
        this.prices = prices;
        this.chat = chat;
        this.config = config;
    }

    /** The list as JSON, for the providers {@code configured} (built in, or custom ones the gateway knows). */
    public Buffer render(Predicate<String> configured) {
        JsonArray data = new JsonArray();
        for (PriceCatalogue.Listed m : prices.listed(Instant.now())) {
            if (!configured.test(m.provider()) || !chat.reaches(m.provider())) {
                continue;
            }
            String prefix = ChatTargets.prefixOf(m.provider());
            data.add(new JsonObject()
                    .put("id", prefix + "/" + m.model())
                    .put("object", "model")
                    .put("created_at", m.since().getEpochSecond())
                    .put("cost_in", m.inputPerToken().doubleValue())
                    .put("cost_out", m.outputPerToken().doubleValue())
                    .put("owned_by", prefix));
        }
        new TreeMap<>(config.providers()).forEach((slug, provider) -> {
            if (slug.startsWith("custom-") && configured.test(slug)) {
                provider.models()
                        .orElse(List.of())
                        .forEach(model -> data.add(new JsonObject()
                                .put("id", slug + "/" + model)
                                .put("object", "model")
                                .put("created_at", 0)
                                .putNull("cost_in")
                                .putNull("cost_out")
                                .put("owned_by", slug)));
            }
        });
        return new JsonObject().put("object", "list").put("data", data).toBuffer();
    }
}
