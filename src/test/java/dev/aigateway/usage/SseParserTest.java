package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE scanner gets the same events whatever the network chunking, line endings or comments. */
class SseParserTest {

    private static List<String> events(byte[] stream, int[] cuts) {
        List<String> out = new ArrayList<>();
        SseParser parser = new SseParser((name, data) -> out.add(name + "|" + data));
        int from = 0;
        for (int cut : cuts) {
            parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(stream, from, cut)));
            from = cut;
        }
        parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(stream, from, stream.length)));
        parser.end();
        return out;
    }

    private static int[] everyByte(int n) {
        return java.util.stream.IntStream.range(1, n).toArray();
    }

    @Test
    void multiByteCharactersSplitAtEveryOffsetDecodeWhole() {
        byte[] stream = "data: {\"t\":\"é漢😀\"}\n\nevent: x\ndata: ü\n\n".getBytes(StandardCharsets.UTF_8);
        List<String> whole = events(stream, new int[0]);
        assertThat(whole).containsExactly("null|{\"t\":\"é漢😀\"}", "x|ü");
        assertThat(events(stream, everyByte(stream.length))).isEqualTo(whole);
    }

    @Test
    void crLfAndLoneCrEndLinesEvenWhenSplitBetweenCrAndLf() {
        byte[] stream = "data: a\r\n\r\ndata: b\r\rdata: c\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(events(stream, everyByte(stream.length))).containsExactly("null|a", "null|b", "null|c");
    }

    @Test
    void commentsAreSkippedAndDataLinesJoined() {
        byte[] stream = ": keep-alive\n\ndata: one\n: note\ndata: two\ndata:three\n\n".getBytes(StandardCharsets.UTF_8);
        assertThat(events(stream, everyByte(stream.length))).containsExactly("null|one\ntwo\nthree");
    }

    @Test
    void anEventCutByACleanCloseIsStillDispatched() {
        byte[] stream = "data: last".getBytes(StandardCharsets.UTF_8);
        assertThat(events(stream, new int[] {3})).containsExactly("null|last");
    }
}
