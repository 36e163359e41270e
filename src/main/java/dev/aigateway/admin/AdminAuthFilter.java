package dev.aigateway.admin;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * The management API's one gate: a call to an {@link AdminApi} resource goes on only with an admin token
 * ({@code Authorization: Bearer}) and, when {@code gateway.account-id} is set, that account in the path; otherwise it
 * is answered here ({@link AdminAuth.Refusal}) and the resource method never runs — reads and writes alike.
 * Application scoped: Quarkus REST creates its providers at static init, before the configuration that
 * {@link AdminAuth} reads exists; the client proxy defers that to the first call.
 */
@ApplicationScoped
@Provider
@AdminApi
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    private final AdminAuth auth;

    public AdminAuthFilter(AdminAuth auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String account = request.getUriInfo().getPathParameters().getFirst("account");
        // the first header, as a @HeaderParam would read it (getHeaderString would join repeated ones)
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        auth.refusal(account, authorization).ifPresent(refusal -> request.abortWith(refusal.response()));
    }
}
