package dev.aigateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.admin.AdminAuth.Refusal;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may call the management API, and the answers of those who may not (Cloudflare's v4 envelope). */
class AdminAuthTest {

    private final AdminAuth auth = new AdminAuth(List.of(" admin-one ", "", "admin-two"), Optional.empty());

    @Test
    void anAdminTokenPassesWithOrWithoutItsScheme() {
        assertThat(auth.refusal("acct", "Bearer admin-one")).isEmpty();
        assertThat(auth.refusal("any", "bearer admin-two")).isEmpty();
        assertThat(auth.refusal("acct", "admin-one")).isEmpty();
    }

    @Test
    void noTokenOrAnotherTokenIsUnauthenticated() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer admin-on", "Bearer admin-one2"}) {
            assertThat(auth.refusal("acct", header)).as(header).contains(Refusal.UNAUTHENTICATED);
        }
    }

    @Test
    void withoutAdminTokensTheApiIsOff() {
        AdminAuth off = new AdminAuth(List.of(" ", ""), Optional.empty());
        assertThat(off.enabled()).isFalse();
        assertThat(off.refusal("acct", "Bearer ")).contains(Refusal.DISABLED);
        assertThat(off.refusal("acct", null)).contains(Refusal.DISABLED);
    }

    @Test
    void aConfiguredAccountIsTheOnlyOneServedAndOnlyToAnAdmin() {
        AdminAuth one = new AdminAuth(List.of("admin-one"), Optional.of("acct"));
        assertThat(one.refusal("acct", "Bearer admin-one")).isEmpty();
        assertThat(one.refusal("other", "Bearer admin-one")).contains(Refusal.UNKNOWN_ACCOUNT);
        // a stranger learns nothing about accounts
        assertThat(one.refusal("other", "Bearer nope")).contains(Refusal.UNAUTHENTICATED);
    }

    @Test
    void refusalsAnswerInTheV4Envelope() {
        assertAnswer(Refusal.DISABLED, 403, 10000, "Management API disabled: no gateway.admin.tokens configured");
        assertAnswer(Refusal.UNAUTHENTICATED, 401, 10000, "Authentication error");
        assertAnswer(Refusal.UNKNOWN_ACCOUNT, 404, 7003, "Account not found");
    }

    private static void assertAnswer(Refusal refusal, int status, int code, String message) {
        Response r = refusal.response();
        assertThat(r.getStatus()).isEqualTo(status);
        assertThat(r.getMediaType()).hasToString("application/json");
        JsonObject body = new JsonObject((String) r.getEntity());
        assertThat(body.getBoolean("success")).isFalse();
        assertThat(body.getJsonArray("errors").getJsonObject(0).getInteger("code"))
                .isEqualTo(code);
        assertThat(body.getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo(message);
        assertThat(body.getValue("result")).isNull();
        assertThat(body.containsKey("result")).isTrue();
    }
}
