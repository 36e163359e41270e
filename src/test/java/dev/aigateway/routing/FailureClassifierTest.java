package dev.aigateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.config.Backoff;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.provider.Vendors;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/**
 * Error classes per provider (providers.md §3), read with every vendor's hints as the gateway does, and the
 * request-handling header rules, without a server.
 */
class FailureClassifierTest {

    private static UpstreamFailure.Kind kind(int status, String body, String... headers) {
        MultiMap h = HttpHeaders.headers();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return FailureClassifier.classify(status, h, Buffer.buffer(body), Vendors.errorHints());
    }

    @Test
    void openAi() {
        assertThat(kind(429, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}"))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(kind(429, "{\"error\":{\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(400, "{\"error\":{\"code\":\"context_length_exceeded\"}}"))
                .isEqualTo(UpstreamFailure.Kind.FINAL);
        assertThat(kind(401, "{}")).isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(404, "{\"error\":{\"code\":\"model_not_found\"}}")).isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(500, "{}")).isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(kind(503, "{}", "x-should-retry", "false")).isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(422, "{}")).isEqualTo(UpstreamFailure.Kind.FINAL);
        assertThat(kind(413, "{}")).isEqualTo(UpstreamFailure.Kind.FINAL);
    }

    @Test
    void anthropic() {
        assertThat(kind(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(kind(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}"))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(kind(402, "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\"}}"))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(
                        429,
                        "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"enforced_spend_limit_reached\"}}"))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"}}"))
                .isEqualTo(UpstreamFailure.Kind.FINAL);
    }

    @Test
    void geminiAndBedrock() {
        assertThat(kind(
                        400,
                        "{\"error\":{\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}"))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(
                        429,
                        "{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"quotaId\":"
                                + "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]}}"))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(
                        429,
                        "{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"quotaId\":"
                                + "\"GenerateRequestsPerMinutePerProjectPerModel\"}]}}"))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(kind(400, "{}", "x-amzn-errortype", "ServiceQuotaExceededException:http://..."))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        assertThat(kind(429, "{}", "x-amzn-errortype", "ThrottlingException"))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(kind(400, "{}", "x-amzn-errortype", "ValidationException")).isEqualTo(UpstreamFailure.Kind.FINAL);
    }

    @Test
    void retryAfterSources() {
        MultiMap h = HttpHeaders.headers().add("retry-after-ms", "1500.5").add("retry-after", "9");
        assertThat(FailureClassifier.retryAfterMillis(h, Buffer.buffer(), 0)).isEqualTo(1500);
        assertThat(FailureClassifier.retryAfterMillis(HttpHeaders.headers().add("retry-after", "2"), null, 0))
                .isEqualTo(2000);
        long now = 1_764_000_000_000L;
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochMilli(now + 3000).atZone(java.time.ZoneOffset.UTC));
        assertThat(FailureClassifier.retryAfterMillis(HttpHeaders.headers().add("retry-after", date), null, now))
                .isEqualTo(3000);
        Buffer google =
                Buffer.buffer("{\"error\":{\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                        + "\"retryDelay\": \"37s\"}]}}");
        assertThat(FailureClassifier.retryAfterMillis(HttpHeaders.headers(), google, 0))
                .isEqualTo(37_000);
        assertThat(FailureClassifier.retryAfterMillis(HttpHeaders.headers(), Buffer.buffer("{}"), 0))
                .isEqualTo(-1);
    }

    @Test
    void policyPrecedenceAndClamping() {
        GatewaySettings gateway = new GatewaySettings(
                "g",
                false,
                java.util.List.of(),
                java.util.OptionalInt.empty(),
                true,
                java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(),
                dev.aigateway.config.RateLimitTechnique.FIXED,
                3,
                250,
                Backoff.LINEAR,
                java.util.OptionalLong.empty(),
                java.util.Optional.empty(),
                java.util.Map.of(),
                true,
                java.util.List.of(),
                false,
                dev.aigateway.gateway.TrustedProxies.NONE,
                dev.aigateway.gateway.SemanticCacheSettings.OFF,
                java.util.Map.of(),
                java.util.List.of());
        RetryPolicy fromGateway = RetryPolicy.of(gateway, HttpHeaders.headers());
        assertThat(fromGateway).isEqualTo(new RetryPolicy(3, 250, Backoff.LINEAR, 0));
        RetryPolicy clamped = RetryPolicy.of(
                gateway,
                HttpHeaders.headers()
                        .add(RetryPolicy.MAX_ATTEMPTS, "12")
                        .add(RetryPolicy.RETRY_DELAY, "99999")
                        .add(RetryPolicy.BACKOFF, "Exponential")
                        .add(RetryPolicy.REQUEST_TIMEOUT, "1500"));
        assertThat(clamped).isEqualTo(new RetryPolicy(5, 5000, Backoff.EXPONENTIAL, 1500));
        RetryPolicy junk = RetryPolicy.of(
                gateway,
                HttpHeaders.headers()
                        .add(RetryPolicy.MAX_ATTEMPTS, "lots")
                        .add(RetryPolicy.RETRY_DELAY, "-5")
                        .add(RetryPolicy.BACKOFF, "random"));
        assertThat(junk).isEqualTo(fromGateway);
        assertThat(clamped.delayBefore(1)).isEqualTo(5000);
        assertThat(clamped.delayBefore(3)).isEqualTo(20_000);
        assertThat(Backoff.LINEAR.delayMillis(100, 3)).isEqualTo(300);
        assertThat(Backoff.CONSTANT.delayMillis(100, 3)).isEqualTo(100);
    }
}
