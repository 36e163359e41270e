package dev.aigateway.provider;

import dev.aigateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** One {@link ProviderClient} per provider of the catalogue, created once and shared by all requests. */
@Singleton
@Startup
public class ProviderClients {

    private final Map<String, ProviderClient> clients = new HashMap<>();

    public ProviderClients(Vertx vertx, ProviderCatalogue catalogue, GatewayConfig config) {
        for (Provider p : catalogue.all()) {
            clients.put(
                    p.slug(),
                    new ProviderClient(
                            vertx, p, config.upstream(), config.routing().deadline()));
        }
    }

    public ProviderClient of(Provider provider) {
        return clients.get(provider.slug());
    }

    void onStop(@Observes ShutdownEvent event) {
        clients.values().forEach(ProviderClient::close);
    }
}
