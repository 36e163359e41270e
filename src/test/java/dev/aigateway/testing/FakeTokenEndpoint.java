package dev.aigateway.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth token endpoint for the test service account, as it behaves: a form POST with
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and an RS256 JWT signed by the account's key (checked
 * with its public key), whose {@code iss}, {@code scope}, {@code aud} and times must be right; answers
 * {@code {"access_token","expires_in","token_type"}} or 400 {@code invalid_grant}. Counts the exchanges it granted.
 */
public final class FakeTokenEndpoint {

    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final String audience;
    private final AtomicInteger granted = new AtomicInteger();
    private final List<JsonObject> claims = new CopyOnWriteArrayList<>();
    private volatile long expiresInSeconds = 3600;
    private volatile long delayMillis;
    private volatile int refuseWith;
    private volatile java.util.function.LongSupplier clockMillis = System::currentTimeMillis;

    /** @param audience the token URI the JWTs must be addressed to */
    public FakeTokenEndpoint(String audience) {
        this.audience = audience;
    }

    public FakeTokenEndpoint expiresIn(long seconds) {
        this.expiresInSeconds = seconds;
        return this;
    }

    /** The endpoint's clock (a test that moves the gateway's clock moves this one too). */
    public FakeTokenEndpoint clock(java.util.function.LongSupplier millis) {
        this.clockMillis = millis;
        return this;
    }

    public FakeTokenEndpoint delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Answer every exchange with this status and {@code invalid_grant} (0: grant). */
    public FakeTokenEndpoint refuseWith(int status) {
        this.refuseWith = status;
        return this;
    }

    /** Exchanges granted so far; the access token of the n-th is {@code ya29.test-token-n}. */
    public int granted() {
        return granted.get();
    }

    /** The verified claims of every accepted JWT. */
    public List<JsonObject> claims() {
        return List.copyOf(claims);
    }

    public static String tokenNumber(int n) {
        return "ya29.test-token-" + n;
    }

    public void handle(HttpServerRequest req, Buffer body) {
        if (delayMillis > 0) {
            long delay = delayMillis;
            io.vertx.core.Vertx.currentContext().owner().setTimer(delay, id -> answer(req, body));
        } else {
            answer(req, body);
        }
    }

    private void answer(HttpServerRequest req, Buffer body) {
        Map<String, String> form = form(body.toString(StandardCharsets.UTF_8));
        JsonObject verified = ServiceAccounts.verifiedClaims(form.getOrDefault("assertion", ""));
        long now = clockMillis.getAsLong() / 1000;
        boolean valid = req.method().name().equals("POST")
                && String.valueOf(req.getHeader("content-type")).startsWith("application/x-www-form-urlencoded")
                && "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                && verified != null
                && ServiceAccounts.EMAIL.equals(verified.getString("iss"))
                && SCOPE.equals(verified.getString("scope"))
                && audience.equals(verified.getString("aud"))
                && Math.abs(verified.getLong("iat", 0L) - now) < 300
                && verified.getLong("exp", 0L) - verified.getLong("iat", 0L) <= 3600;
        if (!valid || refuseWith != 0) {
            req.response()
                    .setStatusCode(refuseWith != 0 ? refuseWith : 400)
                    .putHeader("content-type", "application/json")
                    .end("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }
        claims.add(verified);
        int n = granted.incrementAndGet();
        req.response()
                .putHeader("content-type", "application/json")
                .end(new JsonObject()
                        .put("access_token", tokenNumber(n))
                        .put("expires_in", expiresInSeconds)
                        .put("token_type", "Bearer")
                        .encode());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
