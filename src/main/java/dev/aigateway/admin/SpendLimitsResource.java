package dev.aigateway.admin;

import dev.aigateway.gateway.GatewayRegistry;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.gateway.SpendLimitsJson;
import dev.aigateway.ratelimit.LimitCounters;
import dev.aigateway.ratelimit.RateLimiter.Charge;
import dev.aigateway.ratelimit.SpendRule;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A gateway's spend limits with their current spend: {@code GET …/gateways/{gateway}/spend-limits}. A rule split by
 * a dimension has one counter per value: the query names the values to read ({@code provider}, {@code model},
 * {@code metadata}); without them such a rule's {@code spent} is null and {@code split_by} says what to give.
 */
@Path("/client/v4/accounts/{account}/ai-gateway/gateways/{gateway}/spend-limits")
@AdminApi
@KnownGateway
public class SpendLimitsResource {

    private static final Logger LOG = Logger.getLogger(SpendLimitsResource.class);

    private final GatewayRegistry registry;
    private final LimitCounters counters;

    public SpendLimitsResource(GatewayRegistry registry, LimitCounters counters) {
        this.registry = registry;
        this.counters = counters;
    }

    @GET
    public Uni<Response> list(
            @PathParam("gateway") String gateway,
            @QueryParam("provider") String provider,
            @QueryParam("model") String model,
            @QueryParam("metadata") String metadata) {
        GatewaySettings settings = registry.find(gateway).orElse(null);
        if (settings == null) {
            return Uni.createFrom().item(V4Envelope.error(404, 7002, "Gateway '" + gateway + "' not found"));
        }
        List<SpendRule> rules = settings.spendLimits();
        List<Charge> read = new ArrayList<>();
        List<Integer> readIndex = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            SpendRule r = rules.get(i);
            String id = r.counterId(
                    r.provider().present() ? lower(provider) : null,
                    r.model().present() ? model : null,
                    r.metadata().present() ? metadata : null);
            if (id != null) {
                read.add(Charge.of(gateway, r.limitRule(), id.isEmpty() ? null : id, 0));
                readIndex.add(i);
            }
        }
        return Uni.createFrom()
                .completionStage(counters.read(read).toCompletionStage())
                .map(counted -> {
                    JsonArray out = new JsonArray();
                    for (int i = 0; i < rules.size(); i++) {
                        SpendRule r = rules.get(i);
                        JsonObject o = SpendLimitsJson.show(r);
                        int at = readIndex.indexOf(i);
                        JsonArray splitBy = new JsonArray();
                        if (r.provider().split()) {
                            splitBy.add("provider");
                        }
                        if (r.model().split()) {
                            splitBy.add("model");
                        }
                        if (r.metadata().split()) {
                            splitBy.add("metadata");
                        }
                        o.put("split_by", splitBy);
                        if (at >= 0) {
                            LimitCounters.Counted c = counted.get(at);
                            o.put("spent", SpendRule.usd(c.used()).doubleValue())
                                    .put(
                                            "remaining",
                                            SpendRule.usd(Math.max(0, r.budgetNanos() - c.used()))
                                                    .doubleValue())
                                    .put("reset_seconds", (c.resetMillis() + 999) / 1000);
                        } else {
                            o.put("spent", null).put("remaining", null).put("reset_seconds", null);
                        }
                        out.add(o);
                    }
                    return V4Envelope.ok(new JsonObject().put("spend_limits", out));
                })
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("Spend limits of %s not read: %s", gateway, e.toString());
                    return V4Envelope.error(503, 7010, "Spend counters are unavailable (Redis did not answer)");
                });
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }
}
