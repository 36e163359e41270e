package dev.aigateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's security over HTTP: every API it uses refuses without a token or session, sign-in sets the cookies
 * with their attributes, a write needs the CSRF token, read-only tokens and sessions cannot write, sign-out ends the
 * session, and the page is served with a strict CSP.
 */
@QuarkusTest
class DashboardSecurityTest extends GatewayTest {

    private static final String V4 = "/client/v4/accounts/acct/ai-gateway";
    private static final String SESSION = "/dashboard/api/session";
    private final String id = "sec-" + UUID.randomUUID().toString().substring(0, 8);

    /** The signed-in cookies of a token: session and CSRF. */
    private record Signed(String session, String csrf, Response response) {
        RequestSpecification spec() {
            return given().cookie(DashboardSessions.COOKIE, session).contentType("application/json");
        }
    }

    private static Signed signIn(String token, boolean overTls) {
        RequestSpecification spec = given().contentType("application/json").body("{\"token\":\"" + token + "\"}");
        if (overTls) {
            spec.header("X-Forwarded-Proto", "https");
        }
        Response r = spec.post(SESSION);
        r.then().statusCode(200);
        return new Signed(r.cookie(DashboardSessions.COOKIE), r.cookie(DashboardSessions.CSRF_COOKIE), r);
    }

    @AfterEach
    void deleteCreated() {
        given().header("authorization", "Bearer admin-secret").delete(V4 + "/gateways/" + id);
    }

    @Test
    void everyDashboardApiRefusesWithoutTokenOrSession() {
        List<String> reads = List.of(
                V4 + "/analytics",
                V4 + "/gateways/default/analytics?group_by=model",
                V4 + "/gateways",
                V4 + "/gateways/default",
                V4 + "/gateways/default/logs",
                V4 + "/gateways/default/logs?cursor=",
                V4 + "/gateways/default/logs/00000000-0000-0000-0000-000000000000",
                V4 + "/gateways/default/logs/00000000-0000-0000-0000-000000000000/request",
                SESSION);
        for (String path : reads) {
            given().get(path).then().statusCode(401).body("success", equalTo(false));
            given().cookie(DashboardSessions.COOKIE, "v1.ADMIN.99999999999.00.x.forged")
                    .get(path)
                    .then()
                    .statusCode(401);
            given().header("authorization", "Bearer wrong")
                    .get(path)
                    .then()
                    .statusCode(path.equals(SESSION) ? 401 : 401);
        }
        given().contentType("application/json")
                .body("{}")
                .post(V4 + "/gateways")
                .then()
                .statusCode(401);
        given().delete(V4 + "/gateways/default/logs").then().statusCode(401);
        given().delete(SESSION).then().statusCode(401);
    }

    @Test
    void signInSetsStrictHttpOnlyCookiesSecureOverTls() {
        given().contentType("application/json")
                .body("{\"token\":\"not-a-token\"}")
                .post(SESSION)
                .then()
                .statusCode(401);
        given().contentType("application/json").body("[1]").post(SESSION).then().statusCode(400);

        Signed plain = signIn("admin-secret", false);
        List<String> cookies = plain.response().headers().getValues("Set-Cookie");
        String session = cookies.stream()
                .filter(c -> c.startsWith("aigw_session="))
                .findFirst()
                .orElseThrow();
        String csrf = cookies.stream()
                .filter(c -> c.startsWith("aigw_csrf="))
                .findFirst()
                .orElseThrow();
        assertThat(session)
                .contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=")
                .doesNotContain("Secure");
        assertThat(csrf).contains("SameSite=Strict").doesNotContain("HttpOnly");
        plain.response().then().body("result.role", equalTo("admin"));

        Signed tls = signIn("admin-secret", true);
        tls.response().headers().getValues("Set-Cookie").forEach(c -> assertThat(c)
                .contains("; Secure"));

        // the session reads every API; a tampered cookie does not
        plain.spec().get(V4 + "/gateways").then().statusCode(200);
        plain.spec().get(V4 + "/analytics").then().statusCode(200);
        plain.spec().get(SESSION).then().statusCode(200).body("result.account", equalTo("local"));
        String tampered = plain.session().replace(".ADMIN.", ".READ_ONLY.");
        given().cookie(DashboardSessions.COOKIE, tampered)
                .get(V4 + "/gateways")
                .then()
                .statusCode(401);
    }

    @Test
    void writesWithASessionNeedItsCsrfToken() {
        Signed s = signIn("admin-secret", false);
        String body = "{\"id\":\"" + id + "\",\"collect_logs\":true}";
        s.spec()
                .body(body)
                .post(V4 + "/gateways")
                .then()
                .statusCode(403)
                .body("errors[0].message", containsString("CSRF"));
        s.spec()
                .header(DashboardSessions.CSRF_HEADER, "wrong")
                .body(body)
                .post(V4 + "/gateways")
                .then()
                .statusCode(403);
        // another session's CSRF token does not fit this session
        Signed other = signIn("admin-secret", false);
        s.spec()
                .header(DashboardSessions.CSRF_HEADER, other.csrf())
                .body(body)
                .post(V4 + "/gateways")
                .then()
                .statusCode(403);
        s.spec()
                .header(DashboardSessions.CSRF_HEADER, s.csrf())
                .body(body)
                .post(V4 + "/gateways")
                .then()
                .statusCode(200);
        s.spec()
                .header(DashboardSessions.CSRF_HEADER, s.csrf())
                .body("{\"cache_ttl\":60}")
                .put(V4 + "/gateways/" + id)
                .then()
                .statusCode(200)
                .body("result.cache_ttl", equalTo(60));
        s.spec().delete(V4 + "/gateways/" + id).then().statusCode(403);
        s.spec()
                .header(DashboardSessions.CSRF_HEADER, s.csrf())
                .delete(V4 + "/gateways/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void readOnlyTokensAndSessionsReadButCannotWrite() {
        given().header("authorization", "Bearer viewer-secret")
                .get(V4 + "/gateways")
                .then()
                .statusCode(200);
        given().header("authorization", "Bearer viewer-secret")
                .get(V4 + "/gateways/default/analytics")
                .then()
                .statusCode(200);
        given().header("authorization", "Bearer viewer-secret")
                .contentType("application/json")
                .body("{\"id\":\"" + id + "\"}")
                .post(V4 + "/gateways")
                .then()
                .statusCode(403)
                .body("errors[0].message", containsString("Read-only"));
        given().header("authorization", "Bearer viewer-secret")
                .delete(V4 + "/gateways/default/logs")
                .then()
                .statusCode(403);
        Signed viewer = signIn("viewer-secret", false);
        viewer.response().then().body("result.role", equalTo("read-only"));
        viewer.spec().get(V4 + "/gateways/default/logs?cursor=").then().statusCode(200);
        viewer.spec()
                .header(DashboardSessions.CSRF_HEADER, viewer.csrf())
                .body("{\"id\":\"" + id + "\"}")
                .post(V4 + "/gateways")
                .then()
                .statusCode(403);
        viewer.spec()
                .header(DashboardSessions.CSRF_HEADER, viewer.csrf())
                .body("{\"feedback\":1}")
                .patch(V4 + "/gateways/default/logs/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(403);
        given().header("authorization", "Bearer admin-secret")
                .get(V4 + "/gateways/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void signOutEndsTheSession() {
        Signed s = signIn("admin-secret", false);
        s.spec().delete(SESSION).then().statusCode(403);
        Response out = s.spec().header(DashboardSessions.CSRF_HEADER, s.csrf()).delete(SESSION);
        out.then().statusCode(200);
        assertThat(out.headers().getValues("Set-Cookie")).allMatch(c -> c.contains("Max-Age=0"));
        s.spec().get(V4 + "/gateways").then().statusCode(401);
        s.spec().get(SESSION).then().statusCode(401);
    }

    @Test
    void thePageIsServedFromTheJarWithAStrictPolicy() {
        given().redirects()
                .follow(false)
                .get("/dashboard")
                .then()
                .statusCode(302)
                .header("Location", containsString("/dashboard/"));
        Response page = given().get("/dashboard/");
        page.then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", equalTo("DENY"));
        assertThat(page.asString()).contains("signin-form", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        given().get("/dashboard/app.js").then().statusCode(200);
        given().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200);
    }
}
