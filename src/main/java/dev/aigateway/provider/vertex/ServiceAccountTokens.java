package dev.aigateway.provider.vertex;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * OAuth access tokens of stored service accounts: the account's signed JWT exchanged at its {@code token_uri}
 * (non-blocking, bounded in time and bytes), cached per account until shortly before it expires — five minutes before,
 * or half way through a shorter lifetime — and fetched once for all the calls that need it meanwhile (single flight).
 * A failed exchange is not cached: the next call tries again. Errors name the account, never a key or token.
 */
public final class ServiceAccountTokens {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Refresh this long before expiry (at most half the token's lifetime). */
    static final long REFRESH_MARGIN_MILLIS = 300_000;
    /** Largest token-endpoint answer read. */
    private static final int MAX_ANSWER = 64 * 1024;

    /** An access token and when to fetch the next one (clock millis). */
    private record Token(String value, long refreshAt) {}

    /** One account's token: the current one and the exchange under way. Guarded by itself. */
    private static final class Slot {
        Token token;
        Future<String> pending;
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final LongSupplier clockMillis;
    private final long timeoutMillis;
    /** One slot per stored account (the stored keys are configuration: bounded). */
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** @param timeoutMillis the longest an exchange may take (connect included) */
    public ServiceAccountTokens(Vertx vertx, LongSupplier clockMillis, long timeoutMillis) {
        this.vertx = vertx;
        this.clockMillis = clockMillis;
        this.timeoutMillis = timeoutMillis;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setVerifyHost(true)
                // an exchange per account and hour: a fresh connection each, never a stale pooled one
                .setKeepAlive(false)
                .setMaxPoolSize(4));
    }

    /** The account's access token: the cached one, the exchange under way, or a new exchange. */
    public Future<String> token(ServiceAccount account) {
        Slot slot = slots.computeIfAbsent(account.cacheKey(), k -> new Slot());
        Promise<String> started;
        synchronized (slot) {
            if (slot.token != null && clockMillis.getAsLong() < slot.token.refreshAt()) {
                return Future.succeededFuture(slot.token.value());
            }
            if (slot.pending != null) {
                return slot.pending;
            }
            started = Promise.promise();
            slot.pending = started.future();
        }
        exchange(account).onComplete(ar -> {
            synchronized (slot) {
                slot.pending = null;
                if (ar.succeeded()) {
                    slot.token = ar.result();
                }
            }
            if (ar.succeeded()) {
                started.complete(ar.result().value());
            } else {
                started.fail(ar.cause());
            }
        });
        return started.future();
    }

    /** How many accounts have a slot (tests). */
    int accounts() {
        return slots.size();
    }

    private Future<Token> exchange(ServiceAccount account) {
        long now = clockMillis.getAsLong();
        String form;
        try {
            form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion="
                    + account.assertion(now / 1000);
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        Promise<Token> result = Promise.promise();
        long timer = vertx.setTimer(
                timeoutMillis,
                id -> result.tryFail(new GatewayException(
                        GatewayError.CREDENTIAL_TIMEOUT,
                        "The token endpoint did not answer within " + timeoutMillis + " ms for service account "
                                + account.clientEmail())));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(account.tokenUri())
                .setIdleTimeout(timeoutMillis)
                .putHeader("content-type", "application/x-www-form-urlencoded")
                .putHeader("accept", "application/json");
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(form)))
                .compose(response -> read(response).map(body -> token(account, now, response.statusCode(), body)))
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.succeeded()) {
                        result.tryComplete(ar.result());
                    } else {
                        result.tryFail(ar.cause() instanceof GatewayException g ? g : unreachable(account));
                    }
                });
        return result.future();
    }

    private static Future<Buffer> read(HttpClientResponse response) {
        String length = response.getHeader("content-length");
        if (length != null && length.strip().length() < 12 && Long.parseLong(length.strip()) > MAX_ANSWER) {
            response.request().reset();
            return Future.failedFuture(new IllegalStateException("token answer too large"));
        }
        Promise<Buffer> body = Promise.promise();
        Buffer read = Buffer.buffer(512);
        response.handler(chunk -> {
            if (read.length() + chunk.length() > MAX_ANSWER) {
                response.request().reset();
                body.tryFail(new IllegalStateException("token answer too large"));
            } else {
                read.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(v -> body.tryComplete(read));
        return body.future();
    }

    private static Token token(ServiceAccount account, long requestedAt, int status, Buffer body) {
        JsonObject json;
        try {
            json = body.toJsonObject();
        } catch (RuntimeException e) {
            json = new JsonObject();
        }
        Object accessToken = json.getValue("access_token");
        if (status / 100 != 2 || !(accessToken instanceof String value) || value.isBlank()) {
            Object error = json.getValue("error");
            String reason = error instanceof String e ? " (" + e.replaceAll("[^A-Za-z0-9_. -]", "?") + ")" : "";
            throw new GatewayException(
                    GatewayError.CREDENTIAL_FAILED,
                    "The token endpoint refused service account " + account.clientEmail() + ": HTTP " + status
                            + (reason.length() > 80 ? reason.substring(0, 80) + ")" : reason));
        }
        long lifetime = json.getValue("expires_in") instanceof Number n ? n.longValue() * 1000 : 3_600_000;
        long refreshAfter = Math.max(lifetime - REFRESH_MARGIN_MILLIS, lifetime / 2);
        return new Token(value, requestedAt + refreshAfter);
    }

    private static GatewayException unreachable(ServiceAccount account) {
        return new GatewayException(
                GatewayError.CREDENTIAL_FAILED,
                "Could not reach the token endpoint of service account " + account.clientEmail());
    }

    /** Closes the HTTP client (at shutdown). */
    public void close() {
        client.close();
    }
}
