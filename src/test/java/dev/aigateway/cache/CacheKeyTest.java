package dev.aigateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What a cache entry is shared by: everything that changes the provider's answer (gateway, provider, method, upstream
 * origin, path and query, behaviour headers, credential, body) is in the key; what describes only the transfer or the
 * client is not. The credential enters as a hash, and a client's {@code cf-aig-cache-key} stays within its gateway and
 * credential.
 */
class CacheKeyTest {

    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization");

    /** One request's parts; each test changes one. */
    private record Request(
            String gateway, String provider, String method, UpstreamUrl url, MultiMap headers, String body) {

        static Request chat() {
            return new Request(
                    "prod",
                    "openai",
                    "POST",
                    new UpstreamUrl(true, "api.openai.com", 443, "/v1/chat/completions"),
                    MultiMap.caseInsensitiveMultiMap()
                            .add("authorization", "Bearer sk-alice")
                            .add("content-type", "application/json")
                            .add("openai-organization", "org-1"),
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        }

        CacheKey key() {
            return CacheKey.computed(gateway, provider, method, url, headers, CREDENTIAL_HEADERS, Buffer.buffer(body));
        }

        Request with(UnaryOperator<MultiMap> change) {
            MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers);
            return new Request(gateway, provider, method, url, change.apply(copy), body);
        }

        Request at(UpstreamUrl other) {
            return new Request(gateway, provider, method, other, headers, body);
        }
    }

    private static String digest(Request r) {
        return r.key().digest();
    }

    @Test
    void theSameRequestHasTheSameKey() {
        Request r = Request.chat();
        Request reordered = new Request(
                "prod",
                "openai",
                "POST",
                new UpstreamUrl(true, "api.openai.com", 443, "/v1/chat/completions"),
                MultiMap.caseInsensitiveMultiMap()
                        .add("OpenAI-Organization", "org-1")
                        .add("Content-Type", "application/json")
                        .add("Authorization", "Bearer sk-alice"),
                r.body());

        assertThat(r.key()).isEqualTo(r.key());
        assertThat(digest(reordered)).isEqualTo(digest(r));
    }

    @Test
    void theKeyIsStableAcrossReleases() {
        // Changing how the key is computed orphans every stored entry: do it on purpose (and bump the "v2" field).
        assertThat(digest(Request.chat()))
                .isEqualTo("cea3ce892d33db97778202fcf67444ccc76d9bf1d8224e20d5ebdf3f5b7e1cd2");
    }

    @Test
    void everyPartOfTheRequestThatChangesTheAnswerIsInTheKey() {
        Request r = Request.chat();
        String base = digest(r);
        UpstreamUrl url = r.url();

        assertThat(List.of(
                        digest(new Request("staging", r.provider(), r.method(), url, r.headers(), r.body())),
                        digest(new Request(r.gateway(), "groq", r.method(), url, r.headers(), r.body())),
                        digest(new Request(r.gateway(), r.provider(), "GET", url, r.headers(), r.body())),
                        digest(r.at(new UpstreamUrl(false, url.host(), 443, url.uri()))),
                        digest(r.at(new UpstreamUrl(true, "eu.api.openai.com", 443, url.uri()))),
                        digest(r.at(new UpstreamUrl(true, url.host(), 8443, url.uri()))),
                        digest(r.at(new UpstreamUrl(true, url.host(), 443, "/v1/completions"))),
                        digest(r.at(new UpstreamUrl(true, url.host(), 443, url.uri() + "?api-version=2"))),
                        digest(new Request(r.gateway(), r.provider(), r.method(), url, r.headers(), r.body() + " "))))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void everyBehaviourHeaderIsInTheKey() {
        Request r = Request.chat();
        for (String name : CacheKey.VARYING_HEADERS) {
            assertThat(digest(r.with(h -> h.set(name, "other")))).as(name).isNotEqualTo(digest(r));
        }
        assertThat(digest(r.with(h -> h.remove("openai-organization")))).isNotEqualTo(digest(r));
    }

    @Test
    void transferAndClientHeadersAreNotInTheKey() {
        Request r = Request.chat();
        Request other = r.with(h -> h.set("content-type", "application/json; charset=utf-8")
                .add("user-agent", "OpenAI/Python 1.0")
                .add("x-request-id", "req-42")
                .add("accept-encoding", "gzip")
                .add("cf-aig-cache-ttl", "600")
                .add("cf-aig-metadata", "{\"user\":\"bob\"}"));

        assertThat(digest(other)).isEqualTo(digest(r));
    }

    @Test
    void theHostIsComparedIgnoringCase() {
        Request r = Request.chat();

        assertThat(digest(r.at(
                        new UpstreamUrl(true, "API.OpenAI.com", 443, r.url().uri()))))
                .isEqualTo(digest(r));
    }

    @Test
    void anotherCredentialIsAnotherEntryAndTheCredentialIsOnlyHashed() {
        Request r = Request.chat();
        Request bob = r.with(h -> h.set("authorization", "Bearer sk-bob"));
        Request anonymous = r.with(h -> h.remove("authorization"));
        CacheKey key = r.key();

        assertThat(digest(bob)).isNotEqualTo(digest(r));
        assertThat(digest(anonymous)).isNotEqualTo(digest(r)).isNotEqualTo(digest(bob));
        assertThat(key.entry() + key.lock() + key.digest()).doesNotContain("sk-alice");
    }

    @Test
    void aKeyInTheQueryIsACredentialOtherParametersAreNot() {
        String base = "/v1beta/models/gemini:generateContent";
        byte[] alice = CacheKey.credential(MultiMap.caseInsensitiveMultiMap(), List.of(), base + "?key=alice");
        byte[] bob = CacheKey.credential(MultiMap.caseInsensitiveMultiMap(), List.of(), base + "?alt=sse&key=bob");
        byte[] none = CacheKey.credential(MultiMap.caseInsensitiveMultiMap(), List.of(), base + "?alt=sse");
        byte[] monkey = CacheKey.credential(MultiMap.caseInsensitiveMultiMap(), List.of(), base + "?monkey=x");

        assertThat(alice).isNotEqualTo(bob).isNotEqualTo(none);
        assertThat(none).isEqualTo(monkey);
        assertThat(HexFormat.of().formatHex(alice)).doesNotContain("alice");
    }

    @Test
    void credentialHeaderNamesAreReadIgnoringCase() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Api-Key", "k-1");

        assertThat(CacheKey.credential(headers, List.of("x-api-key"), "/"))
                .isEqualTo(CacheKey.credential(headers, List.of("X-API-KEY"), "/"));
    }

    @Test
    void aClientKeyReplacesTheRequestButStaysWithinGatewayAndCredential() {
        byte[] alice = CacheKey.credential(
                MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer sk-alice"), CREDENTIAL_HEADERS, "/");
        byte[] bob = CacheKey.credential(
                MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer sk-bob"), CREDENTIAL_HEADERS, "/x");
        byte[] aliceElsewhere = CacheKey.credential(
                MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer sk-alice"), CREDENTIAL_HEADERS, "/y");

        CacheKey mine = CacheKey.custom("prod", "faq-1", alice);

        assertThat(CacheKey.custom("prod", "faq-1", aliceElsewhere)).isEqualTo(mine);
        assertThat(CacheKey.custom("prod", "faq-1", bob).digest()).isNotEqualTo(mine.digest());
        assertThat(CacheKey.custom("staging", "faq-1", alice).entry()).isNotEqualTo(mine.entry());
        assertThat(CacheKey.custom("prod", "faq-2", alice).digest()).isNotEqualTo(mine.digest());
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        Request r = Request.chat();
        Request ab = new Request("ab", "c", r.method(), r.url(), r.headers(), r.body());
        Request a = new Request("a", "bc", r.method(), r.url(), r.headers(), r.body());

        assertThat(digest(ab)).isNotEqualTo(digest(a));
    }

    @Test
    void entriesOfAGatewayShareItsPrefixAndTheirLockTheirSlot() {
        CacheKey key = Request.chat().key();

        assertThat(key.gateway()).isEqualTo("prod");
        assertThat(key.entry()).startsWith(CacheKey.entryPrefix("prod")).endsWith("{" + key.digest() + "}");
        assertThat(key.lock()).endsWith("{" + key.digest() + "}").isNotEqualTo(key.entry());
        assertThat(CacheKey.entryPrefix("prod")).doesNotStartWith(CacheKey.entryPrefix("pro"));
    }
}
