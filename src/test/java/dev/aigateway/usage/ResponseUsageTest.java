package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.provider.WireFormat;
import dev.aigateway.stream.ResponseScan;
import dev.aigateway.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A response's usage is read once, from the one scan of its stream or a bounded copy of its JSON body. */
class ResponseUsageTest {

    /** Relays a body through a scan and a usage reader the way the response relay does, in pieces of {@code step}. */
    private static ResponseUsage relay(String provider, String contentType, String body, int step, long maxBytes) {
        ResponseUsage usage = new ResponseUsage(provider, maxBytes);
        ResponseScan scan = new ResponseScan(WireFormat.OTHER.endRule(), usage.events());
        var headers = HttpHeaders.headers().add("content-type", contentType);
        scan.onHead(200, headers);
        usage.onHead(200, headers);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += step) {
            Buffer chunk = Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + step)));
            scan.onChunk(chunk);
            usage.onChunk(chunk);
        }
        scan.onEnd(true);
        usage.onEnd(true);
        return usage;
    }

    @Test
    void aStreamsUsageComesFromTheSharedScanWhateverTheChunking() {
        String sse = Fixtures.read("usage/openai-chat-include-usage.sse");
        Usage whole = UsageExtractor.extract("openai", "text/event-stream", Buffer.buffer(sse));
        for (int step : new int[] {1, 7, sse.length()}) {
            ResponseUsage usage = relay("openai", "text/event-stream; charset=utf-8", sse, step, 10);
            assertThat(usage.pendingBytes()).isZero(); // read as it passed: nothing left to parse, nothing kept
            assertThat(usage.heldBytes()).isZero();
            assertThat(usage.usage()).as("step %d", step).isEqualTo(whole);
        }
        assertThat(whole.input()).isEqualTo(9);
    }

    @Test
    void aJsonBodysUsageIsParsedOnceFromABoundedCopy() {
        String json = Fixtures.read("usage/anthropic-cache.json");
        ResponseUsage usage = relay("anthropic", "application/json", json, 100, 1 << 20);
        long bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(usage.pendingBytes()).isEqualTo(bytes);
        assertThat(usage.heldBytes()).isEqualTo(bytes);
        Usage u = usage.usage();
        assertThat(u.input()).isEqualTo(2600);
        assertThat(usage.pendingBytes()).isZero();
        // the log queue counted the row with these bytes: the figure stays what it was when the response ended
        assertThat(usage.heldBytes()).isEqualTo(bytes);
        assertThat(usage.usage()).isSameAs(u);

        ResponseUsage tooLarge = relay("anthropic", "application/json", json, 100, 200);
        assertThat(tooLarge.pendingBytes()).isZero();
        assertThat(tooLarge.usage()).isNull();
    }

    /** Two distinct buffers with one identity hash (a 31-bit figure: among ~10^5 objects two usually share it). */
    private static Buffer[] sameIdentityHash() {
        Map<Integer, Buffer> byHash = new HashMap<>();
        for (int i = 0; i < 2_000_000; i++) {
            Buffer b = Buffer.buffer();
            Buffer seen = byHash.putIfAbsent(System.identityHashCode(b), b);
            if (seen != null) {
                return new Buffer[] {seen, b};
            }
        }
        return null;
    }

    /**
     * The log queue counts a one-chunk body once when the payload keeps that very buffer, and only then: another
     * buffer, even with the same bytes and the same identity hash, is counted besides it, before and after the read.
     */
    @Test
    void aBodyIsCountedOnceOnlyForTheSameBuffer() {
        Buffer[] pair = sameIdentityHash();
        Assumptions.assumeTrue(pair != null, "no two buffers with one identity hash among 2M");
        byte[] json = "{\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12}}".getBytes(StandardCharsets.UTF_8);
        Buffer kept = pair[0].appendBytes(json);
        Buffer other = pair[1].appendBytes(json);
        assertThat(System.identityHashCode(kept)).isEqualTo(System.identityHashCode(other));
        ResponseUsage usage = new ResponseUsage("openai", 1 << 20);
        usage.onHead(200, HttpHeaders.headers().add("content-type", "application/json"));
        usage.onChunk(kept);
        usage.onEnd(true);

        assertThat(usage.heldBytes()).isEqualTo(json.length);
        assertThat(usage.heldBytesBesides(kept)).isZero();
        assertThat(usage.heldBytesBesides(other)).isEqualTo(json.length);
        assertThat(usage.heldBytesBesides(Buffer.buffer(json))).isEqualTo(json.length);
        assertThat(usage.usage().input()).isEqualTo(9);
        // once read, the figures stay what they were
        assertThat(usage.heldBytesBesides(kept)).isZero();
        assertThat(usage.heldBytesBesides(other)).isEqualTo(json.length);
        assertThat(usage.heldBytesBesides(null)).isEqualTo(json.length);
    }

    @Test
    void otherBodiesHaveNoUsage() {
        ResponseUsage usage = relay("openai", "audio/mpeg", "{\"usage\":{\"prompt_tokens\":1}}", 4, 1 << 20);
        assertThat(usage.usage()).isNull();
    }

    /** Bedrock's Converse stream: binary AWS event-stream messages, the usage in the last one. */
    @Test
    void anAwsEventStreamsUsageIsReadFromItsMetadataMessage() {
        byte[] stream = dev.aigateway.stream.EventStreamScannerTest.converseStream();
        Usage whole =
                UsageExtractor.extract("aws-bedrock", "application/vnd.amazon.eventstream", Buffer.buffer(stream));
        // 30 in + 200 read + 100 write (both outside inputTokens), 8 out: as the Converse JSON answer
        assertThat(List.of(whole.input(), whole.cachedRead(), whole.cacheWrite(), whole.output()))
                .containsExactly(330L, 200L, 100L, 8L);
        ResponseUsage usage = new ResponseUsage("aws-bedrock", 1 << 20);
        usage.onHead(200, HttpHeaders.headers().add("content-type", "application/vnd.amazon.eventstream"));
        for (int i = 0; i < stream.length; i += 5) {
            usage.onChunk(Buffer.buffer(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 5))));
        }
        usage.onEnd(true);
        assertThat(usage.pendingBytes()).isZero();
        assertThat(usage.usage()).isEqualTo(whole);
    }

    /** InvokeModelWithResponseStream: payload parts wrapping a Claude model's Messages stream events. */
    @Test
    void anInvokeStreamsUsageIsReadFromTheEventsInItsPayloadParts() {
        byte[] stream = dev.aigateway.stream.EventStreamScannerTest.invokeStream();
        ResponseUsage usage = new ResponseUsage("aws-bedrock", 1 << 20);
        usage.onHead(200, HttpHeaders.headers().add("content-type", "application/vnd.amazon.eventstream"));
        for (int i = 0; i < stream.length; i += 5) {
            usage.onChunk(Buffer.buffer(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 5))));
        }
        usage.onEnd(true);
        Usage u = usage.usage();
        assertThat(List.of(u.input(), u.output())).containsExactly(14L, 12L);
        assertThat(u.model()).isEqualTo("claude-3-5-sonnet-20240620");
    }
}
