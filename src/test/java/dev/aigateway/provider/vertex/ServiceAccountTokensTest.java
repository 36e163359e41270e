package dev.aigateway.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.testing.FakeTokenEndpoint;
import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.ServiceAccounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access tokens of a stored service account against a fake Google token endpoint that checks the JWT's signature
 * with the account's public key and its claims: minted, exchanged once for concurrent callers, reused until shortly
 * before expiry and refreshed then; refusals and silence become the gateway's errors, naming no secret.
 */
class ServiceAccountTokensTest {

    private static final String PATH = "/oauth2/token";

    private static FakeUpstream server;
    private static Vertx vertx;

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private FakeTokenEndpoint endpoint;
    private ServiceAccount account;
    private ServiceAccountTokens tokens;

    @BeforeAll
    static void start() {
        server = new FakeUpstream();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close();
    }

    @BeforeEach
    void setUp() {
        server.reset();
        String uri = server.url() + PATH;
        endpoint = new FakeTokenEndpoint(uri).clock(clock::get);
        server.on(PATH, endpoint::handle);
        account = ServiceAccount.parse(ServiceAccounts.base64(uri), "default");
        tokens = new ServiceAccountTokens(vertx, clock::get, 8_000); // a cold JVM on a busy machine is slow
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSignedJwtIsExchangedForAnAccessToken() throws Exception {
        String token = await(tokens.token(account));

        assertThat(token).isEqualTo(FakeTokenEndpoint.tokenNumber(1));
        assertThat(endpoint.granted()).isEqualTo(1);
        assertThat(endpoint.claims().get(0).getString("iss")).isEqualTo(ServiceAccounts.EMAIL);
        assertThat(account.region()).isEqualTo("us-east5");
    }

    @Test
    void concurrentCallersShareOneExchange() throws Exception {
        endpoint.delay(300);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(tokens.token(account));
        }
        for (Future<String> call : calls) {
            assertThat(await(call)).isEqualTo(FakeTokenEndpoint.tokenNumber(1));
        }
        assertThat(endpoint.granted()).isEqualTo(1);
    }

    @Test
    void theTokenIsReusedUntilFiveMinutesBeforeExpiryThenRefreshed() throws Exception {
        endpoint.expiresIn(3600);
        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(1));
        clock.addAndGet(Duration.ofMinutes(54).toMillis());
        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(1));
        assertThat(endpoint.granted()).isEqualTo(1);

        clock.addAndGet(Duration.ofMinutes(1).plusSeconds(1).toMillis()); // 55 min: within 5 min of expiry

        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(2));
        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(2));
        assertThat(endpoint.granted()).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsRefreshedHalfWay() throws Exception {
        endpoint.expiresIn(60);
        await(tokens.token(account));
        clock.addAndGet(29_000);
        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(1));
        clock.addAndGet(2_000);
        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(2));
    }

    @Test
    void aRefusalIsTheGatewaysErrorAndIsNotCached() throws Exception {
        endpoint.refuseWith(401);

        assertThatThrownBy(() -> await(tokens.token(account)))
                .cause()
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.error()).isEqualTo(GatewayError.CREDENTIAL_FAILED);
                    assertThat(e.getMessage())
                            .contains(ServiceAccounts.EMAIL, "401", "invalid_grant")
                            .doesNotContain(ServiceAccounts.privateKeyFragment());
                });

        endpoint.refuseWith(0);
        assertThat(await(tokens.token(account))).isEqualTo(FakeTokenEndpoint.tokenNumber(1));
    }

    @Test
    void aSilentEndpointFailsWithinTheTimeout() {
        server.on(PATH, (req, body) -> {}); // never answers
        tokens = new ServiceAccountTokens(vertx, clock::get, 500);
        long started = System.nanoTime();

        assertThatThrownBy(() -> await(tokens.token(account)))
                .cause()
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.error()).isEqualTo(GatewayError.CREDENTIAL_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void storedKeysInEitherFormAreAccountsAndOtherKeysAreNot() {
        String json = ServiceAccounts.json("https://oauth2.googleapis.com/token");
        assertThat(ServiceAccount.parse(json, "a").clientEmail()).isEqualTo(ServiceAccounts.EMAIL);
        assertThat(ServiceAccount.parse(ServiceAccounts.base64("https://oauth2.googleapis.com/token"), "a")
                        .tokenUri())
                .isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(ServiceAccount.parse("ya29.a0AfH6SMBx-plain-access-token", "a"))
                .isNull();
        assertThat(ServiceAccount.parse(json, "a").toString()).doesNotContain(ServiceAccounts.privateKeyFragment());
        assertThatThrownBy(() -> ServiceAccount.parse(
                        "{\"client_email\":\"x@y\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nnotakey\"}", "team"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.error()).isEqualTo(GatewayError.CREDENTIAL_FAILED);
                    assertThat(e.getMessage()).contains("alias 'team'").doesNotContain("notakey");
                });
    }
}
