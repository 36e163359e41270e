package dev.aigateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.routing.FailureClassifier;
import dev.aigateway.routing.UpstreamFailure;
import dev.aigateway.usage.Usage;
import dev.aigateway.usage.UsageExtractor;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each vendor's rules object says, and that the gateway's vendor-specific behaviour comes from it. */
class VendorRulesTest {

    private static final List<String> TAKES_STREAM_OPTIONS =
            List.of("openai", "azure-openai", "deepseek", "grok", "groq");

    @Test
    void includeUsageOnlyWhereTheApiTakesStreamOptions() {
        for (String slug : List.of(
                "openai",
                "azure-openai",
                "deepseek",
                "grok",
                "groq",
                "anthropic",
                "mistral",
                "workers-ai",
                "openrouter",
                "custom-acme")) {
            ProviderRules rules = Vendors.of(slug);
            boolean takes = TAKES_STREAM_OPTIONS.contains(slug);
            assertThat(rules.includeUsage(WireFormat.OPENAI_CHAT)).as(slug).isEqualTo(takes);
            assertThat(rules.includeUsage(WireFormat.OPENAI_COMPLETIONS))
                    .as(slug)
                    .isEqualTo(takes);
            assertThat(rules.includeUsage(WireFormat.OPENAI_RESPONSES)).as(slug).isFalse();
            assertThat(rules.includeUsage(WireFormat.EMBEDDINGS)).as(slug).isFalse();
        }
    }

    @Test
    void bedrockMantleTakesItsKeyAsXApiKey() {
        MultiMap mantle = HttpHeaders.headers().add("authorization", "Bearer bedrock-key");
        Vendors.of("aws-bedrock").adaptCredentials("/bedrock-mantle/us-east-1/v1/chat/completions", mantle);
        assertThat(mantle.get("x-api-key")).isEqualTo("bedrock-key");
        assertThat(mantle.contains("authorization")).isFalse();

        MultiMap runtime = HttpHeaders.headers().add("authorization", "Bearer bedrock-key");
        Vendors.of("aws-bedrock").adaptCredentials("/bedrock-runtime/us-east-1/model/m/converse", runtime);
        assertThat(runtime.get("authorization")).isEqualTo("Bearer bedrock-key");

        MultiMap other = HttpHeaders.headers().add("authorization", "Bearer k");
        Vendors.of("openai").adaptCredentials("/bedrock-mantle/us-east-1/v1/chat/completions", other);
        assertThat(other.get("authorization")).isEqualTo("Bearer k");
    }

    @Test
    void falsTargetHeaderStaysAtTheGateway() {
        MultiMap fal = HttpHeaders.headers()
                .add("x-fal-target-url", "https://queue.fal.run/x")
                .add("a", "b");
        Vendors.of("fal").stripGatewayOnlyHeaders(fal);
        assertThat(fal.names()).containsExactly("a");
        MultiMap other = HttpHeaders.headers().add("x-fal-target-url", "https://queue.fal.run/x");
        Vendors.of("openai").stripGatewayOnlyHeaders(other);
        assertThat(other.contains("x-fal-target-url")).isTrue();
    }

    @Test
    void errorHintsLiveWithTheirVendorAndAreReadTogether() {
        assertThat(Vendors.of("openai").errorHints().outOfMoney()).contains("insufficient_quota");
        assertThat(Vendors.of("anthropic").errorHints().outOfMoney()).contains("credit_balance", "spend_limit");
        assertThat(Vendors.of("google-ai-studio").errorHints().badCredential()).contains("api_key_invalid");
        assertThat(Vendors.of("google-vertex-ai").errorHints())
                .isEqualTo(Vendors.of("google-ai-studio").errorHints());
        assertThat(Vendors.of("aws-bedrock").errorHints().statuses()).containsEntry(424, ErrorHints.Verdict.RETRY);
        assertThat(Vendors.of("mistral").errorHints()).isEqualTo(ErrorHints.NONE);

        // the classification follows the hints it is given: a billing 429 is only "out of money" to who knows it
        String credit = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"credit_balance too low\"}}";
        MultiMap none = HttpHeaders.headers();
        assertThat(FailureClassifier.classify(
                        429, none, Buffer.buffer(credit), Vendors.of("openai").errorHints()))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
        assertThat(FailureClassifier.classify(429, none, Buffer.buffer(credit), Vendors.errorHints()))
                .isEqualTo(UpstreamFailure.Kind.FALLBACK);
        MultiMap throttled = HttpHeaders.headers().add("x-amzn-errortype", "ThrottlingException:foo");
        assertThat(FailureClassifier.classify(400, throttled, Buffer.buffer("{}"), ErrorHints.NONE))
                .isEqualTo(UpstreamFailure.Kind.FINAL);
        assertThat(FailureClassifier.classify(400, throttled, Buffer.buffer("{}"), Vendors.errorHints()))
                .isEqualTo(UpstreamFailure.Kind.RETRYABLE);
    }

    /** The order (and so every cache key digest) is the one the key always had. */
    @Test
    void cacheVaryingHeadersAreEveryVendorsInAFixedOrder() {
        assertThat(Vendors.cacheVaryingHeaders())
                .containsExactly(
                        "anthropic-version", "anthropic-beta", "openai-organization", "openai-project", "api-version");
    }

    @Test
    void usageAccountingIsTheVendorsAndShapesAreEveryones() {
        String body = "{\"model\":\"m\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                + "\"reasoning_tokens\":3,\"citation_tokens\":2,\"prompt_cache_hit_tokens\":4}}";
        Usage plain = UsageExtractor.extract("openai", "application/json", Buffer.buffer(body));
        Usage grok = UsageExtractor.extract("grok", "application/json", Buffer.buffer(body));
        Usage perplexity = UsageExtractor.extract("perplexity-ai", "application/json", Buffer.buffer(body));
        assertThat(plain.output()).isEqualTo(5);
        assertThat(grok.output()).isEqualTo(5 + 3);
        assertThat(perplexity.output()).isEqualTo(5 + 3 + 2);
        // a cached-token field of one vendor's shape is read from any provider (aggregators pass it on)
        assertThat(plain.cachedRead()).isEqualTo(4);
        assertThat(Vendors.usageDialect("custom-acme").usageContainers()).contains("x_groq");
        assertThat(Vendors.usageDialect("custom-acme").reasoningOutsideOutput()).isFalse();
        assertThat(Vendors.of("anthropic").usageDialect().messagesUsage()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "openai|GPT-4o|gpt-4o",
                "google-ai-studio|models/gemini-2.5-pro|gemini-2.5-pro",
                "openrouter|openai/gpt-4o-mini|openai/gpt-4o-mini,gpt-4o-mini",
                "aws-bedrock|us.anthropic.claude-sonnet-4-5-20250929-v1:0|anthropic.claude-sonnet-4-5-20250929-v1:0",
                "aws-bedrock|global.anthropic.claude-sonnet-4-5-v1:0|global.anthropic.claude-sonnet-4-5-v1:0",
            })
    void priceNames(String slug, String model, String names) {
        assertThat(Vendors.of(slug).pricingNames(model)).containsExactly(names.split(","));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/chat/completions|OPENAI_CHAT|chat.completions",
                "/openai/deployments/d/chat/completions?api-version=2024-10-21|OPENAI_CHAT|chat.completions",
                "/v1/completions|OPENAI_COMPLETIONS|completions",
                "/v1/responses|OPENAI_RESPONSES|responses",
                "/v1/messages|ANTHROPIC_MESSAGES|messages",
                "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse|GEMINI_STREAM|generateContent",
                "/v1beta/models/gemini-2.5-pro:generateContent|GEMINI|generateContent",
                "/v1/projects/p/locations/l/publishers/anthropic/models/c:streamRawPredict|ANTHROPIC_MESSAGES|"
                        + "c:streamrawpredict",
                "/v1/projects/p/locations/l/publishers/mistralai/models/m:streamRawPredict|RAW_PREDICT_STREAM|"
                        + "m:streamrawpredict",
                "/model/anthropic.claude-v2/converse-stream|BEDROCK_STREAM|converse-stream",
                "/model/anthropic.claude-v2/converse|OTHER|converse",
                "/v2/chat|COHERE_CHAT|chat",
                "/v1/embeddings|EMBEDDINGS|embeddings",
                "/run/@cf/meta/llama-3.1-8b-instruct|OTHER|llama-3.1-8b-instruct",
                "/v1/threads/thread_1/messages|STATEFUL|messages",
                "/v1/responses/resp_1?include=x|STATEFUL|resp_1",
                "/v1/images/generations|STATEFUL|generations",
                "/v1/audio/speech|STATEFUL|speech",
                "/v1/batches|STATEFUL|batches",
            })
    void wireFormatIsWorkedOutFromThePath(String path, WireFormat format, String requestType) {
        assertThat(ProviderRules.COMPATIBLE.wireFormat(path)).isEqualTo(format);
        assertThat(format.requestType(path)).isEqualTo(requestType);
    }

    @Test
    void onlyStatefulAndMediaApisAreNeverCachedByFormat() {
        for (WireFormat f : WireFormat.values()) {
            assertThat(f.cacheable()).as(f.name()).isEqualTo(f != WireFormat.STATEFUL);
        }
    }

    @Test
    void streamsByPathAndKnownEnds() {
        assertThat(WireFormat.GEMINI_STREAM.streamsByPath()).isTrue();
        assertThat(WireFormat.BEDROCK_STREAM.streamsByPath()).isTrue();
        assertThat(WireFormat.OPENAI_CHAT.streamsByPath()).isFalse();
        assertThat(WireFormat.OPENAI_CHAT.knownEnd()).isTrue();
        assertThat(WireFormat.OTHER.knownEnd()).isFalse();
        assertThat(WireFormat.EMBEDDINGS.knownEnd()).isFalse();
    }

    @Test
    void modelInThePathIsTheVendors() {
        assertThat(Vendors.of("workers-ai").modelInPath("/run/@cf/meta/llama-3.1-8b-instruct"))
                .isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(Vendors.of("openai").modelInPath("/run/@cf/meta/llama-3.1-8b-instruct"))
                .isNull();
        assertThat(Vendors.of("google-vertex-ai")
                        .modelInPath("/v1/projects/p/locations/us-east5/publishers/google/models/gemini-2.5-pro"
                                + ":generateContent"))
                .isEqualTo("gemini-2.5-pro");
    }
}
