package dev.aigateway.admin;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.Set;

/**
 * The management API's one gate: a call to an {@link AdminApi} resource goes on only with an admin token
 * ({@code Authorization: Bearer}) or a dashboard session cookie ({@link DashboardSessions}) and, when
 * {@code gateway.account-id} is set, that account in the path; otherwise it is answered here
 * ({@link AdminAuth.Refusal}) and the resource method never runs — reads and writes alike. A write (any method but
 * GET, HEAD and OPTIONS) also needs a read-write role and, with a session, the session's CSRF token in
 * {@code X-CSRF-Token}. An {@code Authorization} header, when sent, is what counts (a cookie is then ignored).
 * Application scoped: Quarkus REST creates its providers at static init, before the configuration that
 * {@link AdminAuth} reads exists; the client proxy defers that to the first call.
 */
@ApplicationScoped
@Provider
@AdminApi
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminAuth auth;
    private final DashboardSessions sessions;

    public AdminAuthFilter(AdminAuth auth, DashboardSessions sessions) {
        this.auth = auth;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String account = request.getUriInfo().getPathParameters().getFirst("account");
        boolean write = !READS.contains(request.getMethod());
        // the first header, as a @HeaderParam would read it (getHeaderString would join repeated ones)
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        Cookie cookie = request.getCookies().get(DashboardSessions.COOKIE);
        refusal(account, write, authorization, cookie, request.getHeaders().getFirst(DashboardSessions.CSRF_HEADER))
                .ifPresent(refusal -> request.abortWith(refusal.response()));
    }

    private Optional<AdminAuth.Refusal> refusal(
            String account, boolean write, String authorization, Cookie cookie, String csrf) {
        if (authorization != null || cookie == null || !auth.enabled()) {
            return auth.refusal(account, authorization, write);
        }
        Optional<DashboardSessions.Session> session = sessions.verify(cookie.getValue());
        if (session.isEmpty()) {
            return Optional.of(AdminAuth.Refusal.UNAUTHENTICATED);
        }
        if (write && !sessions.csrfMatches(session.get(), csrf)) {
            return Optional.of(AdminAuth.Refusal.CSRF);
        }
        return auth.refusal(account, session.get().role(), write);
    }
}
