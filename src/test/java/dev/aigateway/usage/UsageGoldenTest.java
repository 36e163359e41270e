package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.stream.SseScanner;
import dev.aigateway.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden usage and cost per provider and wire format, from recorded responses under {@code fixtures/usage}. Costs are
 * hand-computed from the catalogue's prices (USD per 1M tokens) in the comments.
 */
class UsageGoldenTest {

    private static final PriceCatalogue PRICES = new PriceCatalogue(TestConfig.noPriceFile());
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    private static Usage usage(String provider, String fixture) {
        String type = fixture.endsWith(".sse") ? "text/event-stream; charset=utf-8" : "application/json";
        return UsageExtractor.extract(provider, type, Buffer.buffer(Fixtures.read(fixture)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                // provider | fixture | model | input | cached read | cache write | output | reasoning | cost (USD)
                // gpt-5: 176 × 1.25 + 1024 × 0.125 + 500 × 10 = 5348 → 0.005348 (reasoning is inside the 500)
                "openai|usage/openai-chat-cached-reasoning.json|gpt-5-2025-08-07|1200|1024|0|500|200|0.005348",
                // gpt-4o-mini: 9 × 0.15 + 2 × 0.60 = 2.55 → 0.00000255
                "openai|usage/openai-chat-include-usage.sse|gpt-4o-mini-2024-07-18|9|0|0|2|0|0.00000255",
                "openai|usage/openai-embeddings.json|text-embedding-3-small|8|0|0|0|0|0.00000016",
                // gpt-5-mini: 21 × 0.25 + 16 × 0.025 + 11 × 2 = 27.65 → 0.00002765
                "openai|usage/openai-responses.json|gpt-5-mini-2025-08-07|37|16|0|11|4|0.00002765",
                "openai|usage/openai-responses.sse|gpt-5-mini-2025-08-07|37|0|0|11|0|0.00003125",
                // claude-sonnet-4-5: 100 × 3 + 2000 × 0.30 + 500 × 3.75 + 300 × 15 = 7275 → 0.007275
                "anthropic|usage/anthropic-cache.json|claude-sonnet-4-5-20250929|2600|2000|500|300|0|0.007275",
                // claude-haiku-4-5: 50 × 1 + 1000 × 0.10 + 42 × 5 = 360 → 0.00036 (cumulative: the latest 42 wins)
                "anthropic|usage/anthropic-cumulative.sse|claude-haiku-4-5-20251001|1050|1000|0|42|0|0.00036",
                "anthropic|anthropic/message.sse|claude-sonnet-4-5|12|0|0|5|0|0.000111",
                // gemini-2.5-flash: 100 × 0.30 + (50 + 400 thoughts) × 2.50 = 1155 → 0.001155
                "google-ai-studio|usage/gemini-thoughts.json|gemini-2.5-flash|100|0|0|450|400|0.001155",
                // gemini-2.5-pro: 4 × 1.25 + 4 × 0.125 + 42 × 10 = 425.5 → 0.0004255 (CRLF stream, latest chunk)
                "google-ai-studio|usage/gemini-stream.sse|gemini-2.5-pro|8|4|0|42|40|0.0004255",
                "cohere|usage/cohere-chat.json|null|12|0|0|5|0|null",
                "cohere|usage/cohere-stream.sse|null|12|0|0|3|0|null",
                // llama-3.3-70b-versatile: 20 × 0.59 + 7 × 0.79 = 17.33 → 0.00001733 (usage in x_groq)
                "groq|usage/groq-stream.sse|llama-3.3-70b-versatile|20|0|0|7|0|0.00001733",
                "deepseek|usage/deepseek-chat.json|deepseek-chat|100|64|0|10|0|null",
                // grok-4-1-fast: 24 × 0.20 + 6 × 0.05 + (10 + 200 reasoning) × 0.50 = 110.1 → 0.0001101
                "grok|usage/xai-chat.json|grok-4-1-fast-reasoning|30|6|0|210|200|0.0001101",
                "perplexity-ai|usage/perplexity-chat.json|sonar-reasoning-pro|15|0|0|120|60|null",
                "aws-bedrock|usage/bedrock-converse.json|null|330|200|100|8|0|null"
            })
    void normalisedUsageAndCost(
            String provider,
            String fixture,
            String model,
            long input,
            long cachedRead,
            long cacheWrite,
            long output,
            long reasoning,
            String cost) {
        Usage u = usage(provider, fixture);
        assertThat(u).isNotNull();
        assertThat(u.model()).isEqualTo(model);
        assertThat(List.of(u.input(), u.cachedRead(), u.cacheWrite(), u.output(), u.reasoning()))
                .containsExactly(input, cachedRead, cacheWrite, output, reasoning);
        assertThat(u.raw()).startsWith("{");
        BigDecimal computed = PRICES.cost(provider, u, NOW);
        if (cost == null) {
            assertThat(computed).isNull();
        } else {
            assertThat(computed).isEqualByComparingTo(cost);
        }
    }

    @Test
    void responsesWithoutUsageHaveNoUsageAndNoCost() {
        assertThat(UsageExtractor.extract("openai", "application/json", Buffer.buffer("{\"data\":[]}")))
                .isNull();
        assertThat(UsageExtractor.extract("openai", "application/json", Buffer.buffer("not json")))
                .isNull();
        assertThat(UsageExtractor.extract("openai", "text/event-stream", Buffer.buffer("data: [DONE]\n\n")))
                .isNull();
        // a stream without include_usage: nothing to go on
        String noUsage = Fixtures.read("openai/chat-completion.sse");
        assertThat(UsageExtractor.extract("openai", "text/event-stream", Buffer.buffer(noUsage)))
                .isNull();
        assertThat(PRICES.cost("openai", null, NOW)).isNull();
    }

    @Test
    void promptSizeTierRepricesTheWholeRequest() {
        Usage small = new Usage("gemini-2.5-pro", 200_000, 0, 0, 1000, 0, "{}");
        Usage large = new Usage("gemini-2.5-pro", 250_000, 0, 0, 1000, 0, "{}");
        // 200000 × 1.25 + 1000 × 10 = 260000 → 0.26; above 200K: 250000 × 2.50 + 1000 × 15 = 640000 → 0.64
        assertThat(PRICES.cost("google-ai-studio", small, NOW)).isEqualByComparingTo("0.26");
        assertThat(PRICES.cost("google-ai-studio", large, NOW)).isEqualByComparingTo("0.64");
    }

    @Test
    void datedRowsPriceByTheRequestTime() {
        Usage u = new Usage("claude-sonnet-5-5", 1_000_000, 1_000_000, 0, 0, 0, "{}");
        assertThat(PRICES.cost("anthropic", u, Instant.parse("2026-10-06T23:59:59Z")))
                .isEqualByComparingTo("0.20");
        assertThat(PRICES.cost("anthropic", u, Instant.parse("2026-10-07T00:00:00Z")))
                .isEqualByComparingTo("0.10");
    }

    @Test
    void onlyListedModelsAndTheirDatedSnapshotsArePriced() {
        assertThat(PRICES.cost("openai", new Usage("gpt-4o-2024-11-20", 1_000_000, 0, 0, 0, 0, "{}"), NOW))
                .isEqualByComparingTo("2.5");
        assertThat(PRICES.cost(
                        "google-vertex-ai", new Usage("claude-haiku-4-5@20251001", 1_000_000, 0, 0, 0, 0, "{}"), NOW))
                .isEqualByComparingTo("1");
        assertThat(PRICES.cost("openrouter", new Usage("openai/gpt-4o-mini", 1_000_000, 0, 0, 0, 0, "{}"), NOW))
                .isEqualByComparingTo("0.15");
        // not a snapshot of gpt-5 but another model: no guess
        assertThat(PRICES.cost("openai", new Usage("gpt-5-codex-mini", 1000, 0, 0, 0, 0, "{}"), NOW))
                .isNull();
        assertThat(PRICES.cost("openai", new Usage("claude-sonnet-4-5", 1000, 0, 0, 0, 0, "{}"), NOW))
                .isNull(); // a model priced for another provider only
        assertThat(PRICES.cost("openai", new Usage(null, 1000, 0, 0, 0, 0, "{}"), NOW))
                .isNull();
    }

    private static BigDecimal cost(String provider, String model, long in, long read, long write, long out) {
        return PRICES.cost(provider, new Usage(model, in, read, write, out, 0, "{}"), NOW);
    }

    /** Issue 11: models that were missing from the catalogue (their cost was NULL). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // provider | model | input (cached read inside) | cached read | output | cost (USD)
                // o3 (since 2025-06-10): 900 × 2 + 100 × 0.50 + 1000 × 8 = 9850 → 0.00985
                "openai|o3|1000|100|1000|0.00985",
                "openai|o3-2025-04-16|1000|100|1000|0.00985",
                // o4-mini: 900 × 1.10 + 100 × 0.275 + 1000 × 4.40 = 5417.5 → 0.0054175
                "openai|o4-mini-2025-04-16|1000|100|1000|0.0054175",
                // gpt-4.1-mini: 900 × 0.40 + 100 × 0.10 + 1000 × 1.60 = 1970 → 0.00197
                "openai|gpt-4.1-mini|1000|100|1000|0.00197",
                "azure-openai|gpt-4.1-mini-2025-04-14|1000|100|1000|0.00197",
                // gpt-4.1-nano: 900 × 0.10 + 100 × 0.025 + 1000 × 0.40 = 492.5 → 0.0004925
                "openai|gpt-4.1-nano|1000|100|1000|0.0004925",
                // claude-sonnet-4: 900 × 3 + 100 × 0.30 + 1000 × 15 = 17730 → 0.01773
                "anthropic|claude-sonnet-4-20250514|1000|100|1000|0.01773",
                "anthropic|claude-sonnet-4-0|1000|100|1000|0.01773",
                "google-vertex-ai|claude-sonnet-4@20250514|1000|100|1000|0.01773",
                // claude-opus-4 / 4.1: 900 × 15 + 100 × 1.50 + 1000 × 75 = 88650 → 0.08865
                "anthropic|claude-opus-4-20250514|1000|100|1000|0.08865",
                "anthropic|claude-opus-4-1-20250805|1000|100|1000|0.08865",
                "anthropic|claude-opus-4-1|1000|100|1000|0.08865",
                // gpt-4o-2024-05-13 has its own price: 1000 × 5 + 1000 × 15 = 20000 → 0.02 (no cache discount)
                "openai|gpt-4o-2024-05-13|1000|100|1000|0.02",
                "openrouter|openai/gpt-4o-2024-05-13|1000|100|1000|0.02",
                // … while gpt-4o and its other snapshots stay at 900 × 2.50 + 100 × 1.25 + 1000 × 10 = 12375
                "openai|gpt-4o-2024-08-06|1000|100|1000|0.012375",
            })
    void modelsMissingBeforeArePriced(String provider, String model, long in, long read, long out, String expected) {
        assertThat(cost(provider, model, in, read, 0, out)).isEqualByComparingTo(expected);
    }

    @Test
    void o3WasPricedHigherBeforeItsJune2025Cut() {
        Usage u = new Usage("o3", 1_000_000, 0, 0, 1_000_000, 0, "{}");
        // 1M × 10 + 1M × 40 → 50; then 1M × 2 + 1M × 8 → 10
        assertThat(PRICES.cost("openai", u, Instant.parse("2025-06-09T23:59:59Z")))
                .isEqualByComparingTo("50");
        assertThat(PRICES.cost("openai", u, Instant.parse("2025-06-10T00:00:00Z")))
                .isEqualByComparingTo("10");
    }

    @Test
    void sonnet45AboveTwoHundredThousandPromptTokensRepricesTheWholeRequest() {
        // ≤ 200K: 150000 × 3 + 50000 × 0.30 + 1000 × 15 = 480000 → 0.48
        assertThat(cost("anthropic", "claude-sonnet-4-5-20250929", 200_000, 50_000, 0, 1000))
                .isEqualByComparingTo("0.48");
        // > 200K (cache tokens count): 150001 × 6 + 50000 × 0.60 + 1000 × 22.50 = 952506 → 0.952506
        assertThat(cost("anthropic", "claude-sonnet-4-5-20250929", 200_001, 50_000, 0, 1000))
                .isEqualByComparingTo("0.952506");
        // Sonnet 4.6 had the same tier until Anthropic dropped it on 2026-03-13
        Usage big = new Usage("claude-sonnet-4-6", 300_000, 0, 0, 0, 0, "{}");
        assertThat(PRICES.cost("anthropic", big, Instant.parse("2026-03-12T00:00:00Z")))
                .isEqualByComparingTo("1.8");
        assertThat(PRICES.cost("anthropic", big, NOW)).isEqualByComparingTo("0.9");
    }

    @Test
    void oneHourCacheWritesCostTwiceTheInputPrice() {
        String body = "{\"model\":\"claude-sonnet-4-5-20250929\",\"type\":\"message\",\"usage\":{"
                + "\"input_tokens\":100,\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":3000,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
                + "\"output_tokens\":10}}";
        Usage u = UsageExtractor.extract("anthropic", "application/json", Buffer.buffer(body));
        assertThat(u.cacheWrite()).isEqualTo(3000);
        assertThat(u.cacheWrite1h()).isEqualTo(2000);
        // 100 × 3 + 1000 × 3.75 + 2000 × 6 + 10 × 15 = 16200 → 0.0162 (all at 3.75 it was 0.0117)
        assertThat(PRICES.cost("anthropic", u, NOW)).isEqualByComparingTo("0.0162");
        // a stream: message_start carries the split, message_delta the final counts
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":"
                + "\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":1000,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":1000},"
                + "\"output_tokens\":1}}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":20}}\n\n";
        Usage streamed = UsageExtractor.extract("anthropic", "text/event-stream", Buffer.buffer(sse));
        // haiku-4-5: 10 × 1 + 1000 × 2 + 20 × 5 = 2110 → 0.00211
        assertThat(streamed.cacheWrite1h()).isEqualTo(1000);
        assertThat(PRICES.cost("anthropic", streamed, NOW)).isEqualByComparingTo("0.00211");
    }

    /** Bedrock names the model in the path only; its id carries an inference-profile prefix and a version. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the converse fixture: 30 in + 200 read + 100 write, 8 out
                // in-region / geographic profile, Sonnet 4.5 (+10 %): 30 × 3.30 + 200 × 0.33 + 100 × 4.125 + 8 × 16.50
                //   = 99 + 66 + 412.5 + 132 = 709.5 → 0.0007095
                "/bedrock-runtime/us-east-1/model/anthropic.claude-sonnet-4-5-20250929-v1:0/converse|0.0007095",
                "/bedrock-runtime/us-east-1/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/converse|0.0007095",
                "/model/eu.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream|0.0007095",
                // global profile: 30 × 3 + 200 × 0.30 + 100 × 3.75 + 8 × 15 = 645 → 0.000645
                "/bedrock-runtime/us-west-2/model/global.anthropic.claude-sonnet-4-5-20250929-v1:0/converse|0.000645",
                // an inference-profile ARN, percent-encoded in the path; Haiku 4.5 geographic (+10 %):
                //   30 × 1.10 + 200 × 0.11 + 100 × 1.375 + 8 × 5.50 = 33 + 22 + 137.5 + 44 = 236.5 → 0.0002365
                "/bedrock-runtime/us-east-1/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile"
                        + "%2Fus.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse|0.0002365",
                // Opus 4.1 (no regional premium): 30 × 15 + 200 × 1.50 + 100 × 18.75 + 8 × 75 = 3225 → 0.003225
                "/bedrock-runtime/us-east-1/model/us.anthropic.claude-opus-4-1-20250805-v1:0/invoke|0.003225",
            })
    void bedrockConverseIsPricedByTheModelInThePath(String path, String expected) {
        Usage u = usage("aws-bedrock", "usage/bedrock-converse.json")
                .withModel(dev.aigateway.provider.bedrock.BedrockPaths.modelFromPath(path));
        assertThat(PRICES.cost("aws-bedrock", u, NOW)).isEqualByComparingTo(expected);
    }

    @Test
    void bedrockPathsWithoutAModelHaveNone() {
        assertThat(dev.aigateway.provider.bedrock.BedrockPaths.modelFromPath("/bedrock-runtime/us-east-1/async-invoke"))
                .isNull();
        assertThat(dev.aigateway.provider.bedrock.BedrockPaths.modelFromPath("/bedrock/us-east-1/model/x/other"))
                .isNull();
        assertThat(dev.aigateway.provider.bedrock.BedrockPaths.modelFromPath("/model/a%00b/converse"))
                .isNull();
        assertThat(dev.aigateway.provider.bedrock.BedrockPaths.modelFromPath(
                        "/bedrock-runtime/us-east-1/model/amazon.nova-pro-v1:0/converse?x=1"))
                .isEqualTo("amazon.nova-pro-v1:0");
    }

    @Test
    void customCostFollowsTheCloudflareRules() {
        Usage anthropic = usage("anthropic", "usage/anthropic-cache.json"); // 2600 in (2000 read, 500 write), 300 out
        CustomCost plain = CustomCost.parse("{\"per_token_in\":0.000001,\"per_token_out\":0.000002}");
        // no cache rates: 2600 × 0.000001 + 300 × 0.000002 = 0.0032
        assertThat(plain.cost(anthropic)).isEqualByComparingTo("0.0032");
        CustomCost cacheRead = CustomCost.parse(
                "{\"per_token_in\":0.000001,\"per_token_out\":0.000002,\"per_cache_read_token\":0.0000001}");
        // 100 × 0.000001 + 2000 × 0.0000001 + 500 × 0.000001 (write defaults to in) + 300 × 0.000002 = 0.0014
        assertThat(cacheRead.cost(anthropic)).isEqualByComparingTo("0.0014");
        CustomCost precise = CustomCost.parse(
                "{\"per_token_in\":0.000000123456789012345,\"per_token_out\":\"0.000000000000000001\"}");
        assertThat(precise.perTokenIn()).isEqualByComparingTo("0.000000123456789012345");
        assertThat(CustomCost.parse("{\"per_token_in\":1}")).isNull();
        assertThat(CustomCost.parse("[1,2]")).isNull();
        assertThat(CustomCost.parse("nope")).isNull();
        assertThat(Optional.ofNullable(CustomCost.parse(null))).isEmpty();
    }

    /**
     * A log row's usage is the response's one usage read, whatever the payload cap: the stream is read as it passes by
     * the response's scan, the row keeps only what it stores.
     */
    @Test
    void streamUsageIsReadWhetherTheBodyFitsTheCapOrNot() {
        String sse = Fixtures.read("usage/anthropic-cumulative.sse");
        for (long cap : new long[] {10_000_000, 300, 1}) {
            for (boolean storePayload : new boolean[] {false, true}) {
                dev.aigateway.logs.LogDraft draft = new dev.aigateway.logs.LogDraft(
                        java.util.UUID.randomUUID(),
                        Instant.now(),
                        System.nanoTime(),
                        "e",
                        "g",
                        storePayload,
                        cap,
                        dev.aigateway.stream.ByteBudget.unlimited(),
                        null,
                        null,
                        null);
                draft.target("anthropic", "v1/messages", "application/json", null);
                ResponseUsage read = new ResponseUsage("anthropic", 1 << 20);
                dev.aigateway.stream.ResponseScan scan = new dev.aigateway.stream.ResponseScan(
                        dev.aigateway.provider.WireFormat.ANTHROPIC_MESSAGES.endRule(), read.events());
                draft.usageFrom(read);
                var headers = io.vertx.core.http.HttpHeaders.headers()
                        .add("content-type", "text/event-stream; charset=utf-8");
                for (dev.aigateway.stream.ResponseListener l : List.of(scan, read, draft)) {
                    l.onHead(200, headers);
                }
                for (int i = 0; i < sse.length(); i += 97) {
                    Buffer chunk = Buffer.buffer(sse.substring(i, Math.min(sse.length(), i + 97)));
                    scan.onChunk(chunk);
                    read.onChunk(chunk);
                    draft.onChunk(chunk);
                }
                scan.endOfInput();
                dev.aigateway.logs.LogEvent event = draft.finish(200, false, false, null, null);
                Usage usage = event.usage().usage();
                String as = "cap " + cap + (storePayload ? ", payload" : "");
                assertThat(event.responseTruncated()).as(as).isEqualTo(cap < sse.length());
                assertThat(event.responseBody() != null).as(as).isEqualTo(storePayload);
                assertThat(usage.input()).as(as).isEqualTo(1050);
                assertThat(usage.output()).as(as).isEqualTo(42);
                assertThat(usage.model()).isEqualTo("claude-haiku-4-5-20251001");
            }
        }
    }

    @Test
    void sseParserCopesWithSplitsCrlfCommentsAndMultiLineData() {
        String stream = ": ping\r\nevent: a\r\ndata: {\"x\":\r\ndata: 1}\r\n\r\ndata: second\rdata: line\r\r"
                + "data: [DONE]\n\n";
        for (int split = 1; split < stream.length(); split++) {
            List<String> seen = new ArrayList<>();
            SseScanner parser = new SseScanner(e -> seen.add(e.name() + "|" + e.data()));
            parser.feed(Buffer.buffer(stream.substring(0, split)));
            parser.feed(Buffer.buffer(stream.substring(split)));
            parser.end();
            assertThat(seen)
                    .as("split at %d", split)
                    .containsExactly("a|{\"x\":\n1}", "null|second\nline", "null|[DONE]");
        }
    }
}
