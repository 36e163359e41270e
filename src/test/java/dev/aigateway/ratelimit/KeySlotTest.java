package dev.aigateway.ratelimit;

import static dev.aigateway.config.LimitUnit.REQUESTS;
import static dev.aigateway.config.LimitUnit.TOKENS;
import static dev.aigateway.config.RateLimitTechnique.FIXED;
import static dev.aigateway.config.RateLimitTechnique.SLIDING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.cache.CacheKey;
import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster refuses a script whose keys hash to different slots: every multi-key script's keys share a hash tag
 * (limits: all rules of a request; cache: an entry and its lock). The token estimate never overflows.
 */
class KeySlotTest {

    /** The part of a key Redis Cluster hashes: the first non-empty {…}, else the whole key. */
    private static String hashed(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }

    @Test
    void allCountersOfOneRequestShareASlot() {
        LimitRule user = LimitRule.of("per-user", "header:x-user", 10, 60, FIXED, REQUESTS);
        LimitRule tokens = LimitRule.of("tokens", "metadata:team", 1000, 3600, SLIDING, TOKENS);
        String a = RateLimiter.Charge.of("prod", user, "alice", 1).counter();
        String b = RateLimiter.Charge.of("prod", tokens, "team-7", 100).counter();
        String c = RateLimiter.Charge.of("prod", user, null, 1).counter();

        assertThat(hashed(a)).isEqualTo("prod").isEqualTo(hashed(b)).isEqualTo(hashed(c));
    }

    @Test
    void cacheEntryAndItsLockShareASlot() {
        CacheKey key = CacheKey.computed(
                "prod",
                "openai",
                "POST",
                new UpstreamUrl(true, "api.openai.com", 443, "/v1/chat"),
                MultiMap.caseInsensitiveMultiMap(),
                List.of(),
                Buffer.buffer("{}"));
        CacheKey custom = CacheKey.custom("prod", "my-key", new byte[32]);

        assertThat(hashed(key.entry())).isEqualTo(hashed(key.lock())).isEqualTo(key.digest());
        assertThat(hashed(custom.entry())).isEqualTo(hashed(custom.lock()));
    }

    @Test
    void tokenEstimateSaturates() {
        assertThat(TokenEstimate.of(Long.MAX_VALUE, Long.MAX_VALUE, 0)).isEqualTo(TokenEstimate.MAX);
        assertThat(TokenEstimate.of(10, Long.MAX_VALUE - 1, 0)).isEqualTo(TokenEstimate.MAX);
        assertThat(TokenEstimate.of(10, -1, 1024)).isEqualTo(3 + 1024);
        assertThat(TokenEstimate.of(10, 0, 1024)).isEqualTo(3);
    }
}
