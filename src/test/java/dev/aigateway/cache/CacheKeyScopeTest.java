package dev.aigateway.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: what a cache entry is shared by. The key hashed the upstream path and query but not the host, so the same
 * path on two hosts (Fal's {@code fal.run} / {@code queue.fal.run}, two Azure resources, two Bedrock regions) shared
 * entries; and {@code cf-aig-cache-key} left the credential out, so a client with another key got someone else's
 * answer — contradicting the README.
 */
@QuarkusTest
class CacheKeyScopeTest extends GatewayTest {

    private final AtomicInteger served = new AtomicInteger();
    private final FakeUpstream other = new FakeUpstream();
    private String nonce;

    @BeforeEach
    void numberedAnswers() {
        nonce = UUID.randomUUID().toString();
        for (FakeUpstream u : new FakeUpstream[] {upstream, other}) {
            u.on("/", (req, body) -> req.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"answer\":" + served.incrementAndGet() + "}"));
        }
    }

    @AfterEach
    void closeOther() {
        other.close();
    }

    private Response fal(String targetBase) {
        return given().header("x-fal-target-url", targetBase + "/fal-ai/any-llm?sync=1")
                .header("authorization", "Key fal-client")
                .contentType("application/json")
                .body("{\"prompt\":\"" + nonce + "\"}")
                .post("/v1/acct/cached/fal");
    }

    @Test
    void theSamePathOnAnotherHostIsAnotherEntry() {
        Response first = fal(upstream.url());
        Response again = fal(upstream.url());
        Response otherHost = fal(other.url());

        assertThat(first.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(again.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(otherHost.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(otherHost.asString()).isEqualTo("{\"answer\":2}");
        assertThat(upstream.received()).hasSize(1);
        assertThat(other.received()).hasSize(1);
    }

    private static Response chat(String cacheKey, String providerKey, String body) {
        return given().header("cf-aig-cache-key", cacheKey)
                .header("authorization", "Bearer " + providerKey)
                .contentType("application/json")
                .body(body)
                .post("/v1/acct/cached/openai/v1/chat/completions");
    }

    @Test
    void aCustomCacheKeyIsNeverSharedAcrossCredentials() {
        String key = "k-" + UUID.randomUUID();
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";
        Response alice = chat(key, "sk-alice", body);
        Response bob = chat(key, "sk-bob", body);
        Response aliceAgain = chat(key, "sk-alice", body);

        assertThat(alice.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(bob.header("cf-aig-cache-status")).isEqualTo("MISS");
        assertThat(bob.asString()).isEqualTo("{\"answer\":2}");
        assertThat(aliceAgain.header("cf-aig-cache-status")).isEqualTo("HIT");
        assertThat(aliceAgain.asString()).isEqualTo("{\"answer\":1}");
        assertThat(upstream.received()).hasSize(2);
    }
}
