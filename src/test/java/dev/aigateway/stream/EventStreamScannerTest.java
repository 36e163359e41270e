package dev.aigateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The AWS binary event stream (Bedrock's streams) is read message by message, whatever the network chunking. */
public class EventStreamScannerTest {

    /** One event-stream message: string headers, the payload, both CRCs. */
    public static byte[] message(String messageType, String eventType, String payload) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, ":message-type", messageType);
        header(headers, messageType.equals("event") ? ":event-type" : ":exception-type", eventType);
        header(headers, ":content-type", "application/json");
        byte[] h = headers.toByteArray();
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        int total = 12 + h.length + p.length + 4;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total).putInt(h.length);
        CRC32 prelude = new CRC32();
        prelude.update(b.array(), 0, 8);
        b.putInt((int) prelude.getValue());
        b.put(h).put(p);
        CRC32 all = new CRC32();
        all.update(b.array(), 0, total - 4);
        b.putInt((int) all.getValue());
        return b.array();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.write(n.length);
        out.writeBytes(n);
        out.write(7); // string
        out.write(v.length >> 8);
        out.write(v.length & 0xff);
        out.writeBytes(v);
    }

    /** A Converse stream as Bedrock sends it: text, the stop, then the usage. */
    public static byte[] converseStream() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(message("event", "messageStart", "{\"role\":\"assistant\"}"));
        s.writeBytes(message("event", "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"é漢😀\"}}"));
        s.writeBytes(message("event", "contentBlockStop", "{\"contentBlockIndex\":0}"));
        s.writeBytes(message("event", "messageStop", "{\"stopReason\":\"end_turn\"}"));
        s.writeBytes(message(
                "event",
                "metadata",
                "{\"usage\":{\"inputTokens\":30,\"outputTokens\":8,\"totalTokens\":338,\"cacheReadInputTokens\":200,"
                        + "\"cacheWriteInputTokens\":100},\"metrics\":{\"latencyMs\":412}}"));
        return s.toByteArray();
    }

    /**
     * An InvokeModelWithResponseStream answer of a Claude model as Bedrock sends it: each message a payload part
     * ({@code :event-type chunk}, {@code {"bytes":"<base64>","p":"…"}}) wrapping one Messages API stream event, the
     * last one with Bedrock's invocation metrics (AWS's InvokeModelWithResponseStream and Anthropic's Claude on Bedrock
     * documentation).
     */
    public static byte[] invokeStream() {
        String[] events = {
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_01\",\"type\":\"message\",\"role\":"
                    + "\"assistant\",\"model\":\"claude-3-5-sonnet-20240620\",\"content\":[],\"stop_reason\":null,"
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":14,\"output_tokens\":1}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"é漢😀\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":12}}",
            "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":14,"
                    + "\"outputTokenCount\":12,\"invocationLatency\":812,\"firstByteLatency\":305}}"
        };
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (String e : events) {
            String bytes = java.util.Base64.getEncoder().encodeToString(e.getBytes(StandardCharsets.UTF_8));
            s.writeBytes(message("event", "chunk", "{\"bytes\":\"" + bytes + "\",\"p\":\"abcdefghijkl\"}"));
        }
        return s.toByteArray();
    }

    /** A payload part's event reaches the readers decoded, wherever the stream is cut. */
    @Test
    void payloadPartsAreHandedOnDecoded() {
        byte[] stream = invokeStream();
        List<String> whole = events(stream, new int[0], 1 << 20);
        assertThat(whole)
                .hasSize(7)
                .contains("chunk|{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                        + "\"text_delta\",\"text\":\"é漢😀\"}}")
                .endsWith("boundary true");
        assertThat(whole.get(0)).startsWith("chunk|{\"type\":\"message_start\"");
        for (int cut = 1; cut < stream.length; cut += 3) {
            assertThat(events(stream, new int[] {cut}, 1 << 20))
                    .as("cut at %d", cut)
                    .isEqualTo(whole);
        }
        byte[] notBase64 = message("event", "chunk", "{\"bytes\":\"%%%\"}");
        assertThat(events(notBase64, new int[0], 1 << 20)).first().isEqualTo("chunk|{\"bytes\":\"%%%\"}");
    }

    private static List<String> events(byte[] stream, int[] cuts, int max) {
        List<String> out = new ArrayList<>();
        EventStreamScanner scanner = new EventStreamScanner(
                List.of(e -> out.add(e.name() + "|" + e.data() + (e.oversize() ? "|oversize" : ""))), max);
        int from = 0;
        for (int cut : cuts) {
            scanner.feed(Buffer.buffer(Arrays.copyOfRange(stream, from, cut)));
            from = cut;
        }
        scanner.feed(Buffer.buffer(Arrays.copyOfRange(stream, from, stream.length)));
        boolean boundary = scanner.atEventBoundary();
        scanner.end();
        out.add("boundary " + boundary);
        return out;
    }

    @Test
    void messagesAreReadWholeWhereverTheStreamIsCut() {
        byte[] stream = converseStream();
        List<String> whole = events(stream, new int[0], 1 << 20);
        assertThat(whole)
                .hasSize(6)
                .startsWith("messageStart|{\"role\":\"assistant\"}")
                .contains("contentBlockDelta|{\"contentBlockIndex\":0,\"delta\":{\"text\":\"é漢😀\"}}")
                .endsWith("boundary true");
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(events(stream, new int[] {cut}, 1 << 20))
                    .as("cut at %d", cut)
                    .isEqualTo(whole);
        }
        assertThat(events(
                        stream,
                        java.util.stream.IntStream.range(1, stream.length).toArray(),
                        1 << 20))
                .isEqualTo(whole);
    }

    @Test
    void exceptionsAreErrorEventsAndACutMessageIsNotAtABoundary() {
        byte[] error = message("exception", "throttlingException", "{\"message\":\"slow down\"}");
        assertThat(events(error, new int[0], 1 << 20))
                .containsExactly("error|{\"message\":\"slow down\"}", "boundary true");
        byte[] cut = Arrays.copyOf(converseStream(), 40);
        assertThat(events(cut, new int[0], 1 << 20)).last().isEqualTo("boundary false");
    }

    @Test
    void anOversizeMessageIsSkippedAndTheNextOneRead() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(message("event", "contentBlockDelta", "{\"delta\":{\"text\":\"" + "x".repeat(500) + "\"}}"));
        s.writeBytes(message("event", "messageStop", "{}"));
        byte[] stream = s.toByteArray();
        assertThat(events(
                        stream,
                        java.util.stream.IntStream.range(1, stream.length).toArray(),
                        200))
                .containsExactly("null||oversize", "messageStop|{}", "boundary true");
    }
}
