package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The include_usage stripper works on whole events as bytes, whatever the network chunking. */
class IncludeUsageStripperTest {

    private static final String CONTENT =
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"é漢😀\"}}]," + "\"usage\":null}\n\n";
    private static final String CONTENT_STRIPPED =
            "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"é漢😀\"}}]}\n\n";
    private static final String USAGE =
            "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,"
                    + "\"total_tokens\":11}}\n\n";

    private static String run(String stream, int[] cuts, IncludeUsage.Stripper stripper) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        Buffer out = Buffer.buffer();
        int from = 0;
        for (int cut : cuts) {
            out.appendBuffer(stripper.apply(Buffer.buffer(Arrays.copyOfRange(bytes, from, cut))));
            from = cut;
        }
        out.appendBuffer(stripper.apply(Buffer.buffer(Arrays.copyOfRange(bytes, from, bytes.length))));
        out.appendBuffer(stripper.flush());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int[] everyByte(String s) {
        return java.util.stream.IntStream.range(1, s.getBytes(StandardCharsets.UTF_8).length)
                .toArray();
    }

    @Test
    void splitAtEveryByteTheClientStreamIsExact() {
        String stream = CONTENT + CONTENT + USAGE + "data: [DONE]\n\n";
        IncludeUsage.Stripper stripper = new IncludeUsage.Stripper();
        assertThat(run(stream, everyByte(stream), stripper))
                .isEqualTo(CONTENT_STRIPPED + CONTENT_STRIPPED + "data: [DONE]\n\n");
    }

    @Test
    void eventsWithoutUsagePassThroughByteForByte() {
        String stream = ": comment\n\ndata: {\"a\":\"ü\"}\r\n\r\nevent: x\ndata: 1\ndata: 2\r\rdata: [DONE]\n\n";
        assertThat(run(stream, everyByte(stream), new IncludeUsage.Stripper())).isEqualTo(stream);
        assertThat(run(stream, new int[0], new IncludeUsage.Stripper())).isEqualTo(stream);
    }

    @Test
    void crLfEventsSplitBetweenTheirLastCrAndLfAreDroppedWhole() {
        String usage = USAGE.replace("\n", "\r\n");
        String stream = usage + "data: [DONE]\r\n\r\n";
        int lastCr = usage.length() - 1;
        assertThat(run(stream, new int[] {lastCr}, new IncludeUsage.Stripper())).isEqualTo("data: [DONE]\r\n\r\n");
        String loneCr = USAGE.replace("\n", "\r") + "data: [DONE]\r\r";
        assertThat(run(loneCr, everyByte(loneCr), new IncludeUsage.Stripper())).isEqualTo("data: [DONE]\r\r");
    }

    @Test
    void aPartialEventAtTheEndIsFlushed() {
        String stream = CONTENT + "data: {\"tail\":\"漢\"}";
        assertThat(run(stream, everyByte(stream), new IncludeUsage.Stripper()))
                .isEqualTo(CONTENT_STRIPPED + "data: {\"tail\":\"漢\"}");
    }

    /** Every single cut of the stream, one offset at a time (each split character on its own). */
    @Test
    void cutInTwoAtEveryOffsetTheClientStreamIsExact() {
        String stream = CONTENT + USAGE.replace("\n", "\r\n") + CONTENT + "data: [DONE]\n\n";
        String expected = CONTENT_STRIPPED + CONTENT_STRIPPED + "data: [DONE]\n\n";
        for (int cut = 1; cut < stream.getBytes(StandardCharsets.UTF_8).length; cut++) {
            IncludeUsage.Stripper stripper = new IncludeUsage.Stripper();
            assertThat(run(stream, new int[] {cut}, stripper))
                    .as("cut at %d", cut)
                    .isEqualTo(expected);
        }
    }

    /** Only the usage fields leave an event: its other bytes reach the client as sent, even ones that are not UTF-8. */
    @Test
    void aRewrittenEventKeepsItsOtherBytesExactly() {
        byte[] head = "data: {\"choices\":[{\"delta\":{\"content\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] odd = {(byte) 0xC3, (byte) 0x28, (byte) 0xE6, (byte) 0xBC}; // an invalid pair, a cut-off character
        byte[] tail = "\"}}],\"usage\":null}\n\n".getBytes(StandardCharsets.UTF_8);
        Buffer stream = Buffer.buffer().appendBytes(head).appendBytes(odd).appendBytes(tail);
        Buffer expected = Buffer.buffer()
                .appendBytes(head)
                .appendBytes(odd)
                .appendBytes("\"}}]}\n\n".getBytes(StandardCharsets.UTF_8));
        for (int cut = 1; cut < stream.length(); cut++) {
            IncludeUsage.Stripper stripper = new IncludeUsage.Stripper();
            Buffer out = Buffer.buffer()
                    .appendBuffer(stripper.apply(stream.getBuffer(0, cut)))
                    .appendBuffer(stripper.apply(stream.getBuffer(cut, stream.length())))
                    .appendBuffer(stripper.flush());
            assertThat(out.getBytes()).as("cut at %d", cut).isEqualTo(expected.getBytes());
        }
    }

    /** An event larger than the stripper holds goes through as it comes, and the events after it are stripped again. */
    @Test
    void anOversizeEventPassesThroughUnheld() {
        String big = "data: {\"choices\":[{\"delta\":{\"content\":\""
                + "x".repeat(2 * IncludeUsage.Stripper.MAX_EVENT_BYTES) + "\"}}],\"usage\":null}\n\n";
        String stream = big + CONTENT + USAGE + "data: [DONE]\n\n";
        IncludeUsage.Stripper stripper = new IncludeUsage.Stripper();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        long held = 0;
        Buffer out = Buffer.buffer();
        for (int i = 0; i < bytes.length; i += 64 * 1024) {
            Buffer piece =
                    stripper.apply(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 64 * 1024))));
            out.appendBuffer(piece);
            held = Math.max(held, (long) Math.min(bytes.length, i + 64 * 1024) - out.length());
        }
        out.appendBuffer(stripper.flush());
        assertThat(held).isLessThanOrEqualTo(IncludeUsage.Stripper.MAX_EVENT_BYTES + 64 * 1024 + USAGE.length());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(big + CONTENT_STRIPPED + "data: [DONE]\n\n");
    }
}
