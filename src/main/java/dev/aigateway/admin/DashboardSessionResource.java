package dev.aigateway.admin;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The dashboard's sign-in: {@code POST /dashboard/api/session} with {@code {"token": "…"}} (an admin or read-only
 * token) sets the session cookie ({@code aigw_session}: HttpOnly, SameSite=Strict, Secure when the request came over
 * TLS or with {@code X-Forwarded-Proto: https}) and the CSRF cookie ({@code aigw_csrf}, readable by the page, whose
 * value goes in {@code X-CSRF-Token} on every write); {@code GET} says who is signed in; {@code DELETE} (with the CSRF
 * header) signs out and clears both cookies. Sessions themselves: {@link DashboardSessions}.
 */
@Path("/dashboard/api/session")
public class DashboardSessionResource {

    private final DashboardSessions sessions;
    private final AdminAuth auth;

    public DashboardSessionResource(DashboardSessions sessions, AdminAuth auth) {
        this.sessions = sessions;
        this.auth = auth;
    }

    @POST
    public Response signIn(String body, @Context HttpServerRequest request) {
        if (!auth.enabled()) {
            return AdminAuth.Refusal.DISABLED.response();
        }
        String token;
        try {
            JsonObject json = body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
            token = json.getValue("token") instanceof String t ? t.strip() : null;
        } catch (DecodeException | ClassCastException e) {
            return V4Envelope.error(400, 7001, "The body must be a JSON object {\"token\": \"...\"}");
        }
        Optional<String> cookie = sessions.signIn(token);
        if (cookie.isEmpty()) {
            return AdminAuth.Refusal.UNAUTHENTICATED.response();
        }
        DashboardSessions.Session session = sessions.verify(cookie.get()).orElseThrow();
        boolean secure = secure(request);
        long maxAge = sessions.ttl().toSeconds();
        return Response.fromResponse(V4Envelope.ok(describe(session)))
                .header("Set-Cookie", cookie(DashboardSessions.COOKIE, cookie.get(), maxAge, true, secure))
                .header(
                        "Set-Cookie",
                        cookie(DashboardSessions.CSRF_COOKIE, sessions.csrf(session), maxAge, false, secure))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    public Response who(@CookieParam(DashboardSessions.COOKIE) String cookie) {
        return sessions.verify(cookie)
                .map(s -> Response.fromResponse(V4Envelope.ok(describe(s)))
                        .header("Cache-Control", "no-store")
                        .build())
                .orElseGet(AdminAuth.Refusal.UNAUTHENTICATED::response);
    }

    @DELETE
    public Response signOut(
            @CookieParam(DashboardSessions.COOKIE) String cookie,
            @HeaderParam(DashboardSessions.CSRF_HEADER) String csrf,
            @Context HttpServerRequest request) {
        Optional<DashboardSessions.Session> session = sessions.verify(cookie);
        if (session.isEmpty()) {
            return AdminAuth.Refusal.UNAUTHENTICATED.response();
        }
        if (!sessions.csrfMatches(session.get(), csrf)) {
            return AdminAuth.Refusal.CSRF.response();
        }
        sessions.signOut(session.get());
        boolean secure = secure(request);
        return Response.fromResponse(V4Envelope.ok(new JsonObject().put("signed_out", true)))
                .header("Set-Cookie", cookie(DashboardSessions.COOKIE, "", 0, true, secure))
                .header("Set-Cookie", cookie(DashboardSessions.CSRF_COOKIE, "", 0, false, secure))
                .build();
    }

    private JsonObject describe(DashboardSessions.Session s) {
        return new JsonObject()
                .put("role", s.role().label())
                .put("account", auth.accountId().orElse("local"))
                .put("expires_at", s.expires().toString());
    }

    /** Over TLS, or behind a proxy that says it terminated TLS. */
    static boolean secure(HttpServerRequest request) {
        String forwarded = request.getHeader("X-Forwarded-Proto");
        return request.isSSL() || (forwarded != null && forwarded.strip().equalsIgnoreCase("https"));
    }

    static String cookie(String name, String value, long maxAge, boolean httpOnly, boolean secure) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge + "; SameSite=Strict" + (httpOnly ? "; HttpOnly" : "")
                + (secure ? "; Secure" : "");
    }
}
