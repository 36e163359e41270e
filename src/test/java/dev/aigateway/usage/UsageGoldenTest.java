package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

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
     * A log keeps a stream's body for the writer to read the usage from, off the event loop; a stream larger than the
     * payload cap is parsed as it passes instead, from its first byte, so its usage is still right.
     */
    @Test
    void streamUsageIsReadWhetherTheBodyFitsTheCapOrNot() {
        String sse = Fixtures.read("usage/anthropic-cumulative.sse");
        for (long cap : new long[] {10_000_000, 300, 1}) {
            dev.aigateway.logs.LogDraft draft = new dev.aigateway.logs.LogDraft(
                    java.util.UUID.randomUUID(),
                    Instant.now(),
                    System.nanoTime(),
                    "e",
                    "g",
                    false,
                    cap,
                    null,
                    null,
                    null);
            draft.target("anthropic", "v1/messages", "application/json", null);
            draft.responseStarted(1_000_000, "text/event-stream; charset=utf-8");
            for (int i = 0; i < sse.length(); i += 97) {
                draft.responseChunk(Buffer.buffer(sse.substring(i, Math.min(sse.length(), i + 97))));
            }
            dev.aigateway.logs.LogEvent event = draft.finish(200, false, false, null, null);
            Usage usage = event.streamUsage() != null
                    ? event.streamUsage()
                    : UsageExtractor.extract("anthropic", event.responseContentType(), event.responseBody());
            assertThat(event.responseTruncated()).as("cap " + cap).isEqualTo(cap < sse.length());
            assertThat(event.streamUsage() == null).as("cap " + cap).isEqualTo(cap >= sse.length());
            assertThat(usage.input()).as("cap " + cap).isEqualTo(1050);
            assertThat(usage.output()).as("cap " + cap).isEqualTo(42);
            assertThat(usage.model()).isEqualTo("claude-haiku-4-5-20251001");
        }
    }

    @Test
    void sseParserCopesWithSplitsCrlfCommentsAndMultiLineData() {
        String stream = ": ping\r\nevent: a\r\ndata: {\"x\":\r\ndata: 1}\r\n\r\ndata: second\rdata: line\r\r"
                + "data: [DONE]\n\n";
        for (int split = 1; split < stream.length(); split++) {
            List<String> seen = new ArrayList<>();
            SseParser parser = new SseParser((event, data) -> seen.add(event + "|" + data));
            parser.feed(stream.substring(0, split));
            parser.feed(stream.substring(split));
            parser.end();
            assertThat(seen)
                    .as("split at %d", split)
                    .containsExactly("a|{\"x\":\n1}", "null|second\nline", "null|[DONE]");
        }
    }
}
