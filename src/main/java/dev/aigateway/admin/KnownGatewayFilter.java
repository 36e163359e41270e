package dev.aigateway.admin;

import dev.aigateway.gateway.GatewayRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers 404 (code 7002) for a {@link KnownGateway} resource whose {@code {gateway}} does not exist. Application
 * scoped for the reason given on {@link AdminAuthFilter}.
 */
@ApplicationScoped
@Provider
@KnownGateway
@Priority(Priorities.USER)
public class KnownGatewayFilter implements ContainerRequestFilter {

    private final GatewayRegistry gateways;

    public KnownGatewayFilter(GatewayRegistry gateways) {
        this.gateways = gateways;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String gateway = request.getUriInfo().getPathParameters().getFirst("gateway");
        if (gateway == null || gateways.find(gateway).isEmpty()) {
            request.abortWith(V4Envelope.error(404, 7002, "Gateway not found"));
        }
    }
}
