package dev.aigateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SSE scanner gets the same events whatever the network chunking, line endings or comments. */
class SseScannerTest {

    /** Events as "name|data" (oversize ones as "name|data|oversize"), and "end" when the stream ended. */
    private static List<String> events(byte[] stream, int[] cuts, int maxEventBytes) {
        List<String> out = new ArrayList<>();
        SseListener listener = new SseListener() {
            @Override
            public void onEvent(SseEvent e) {
                out.add(e.name() + "|" + e.data() + (e.oversize() ? "|oversize" : ""));
            }

            @Override
            public void onStreamEnd() {
                out.add("end");
            }
        };
        SseScanner scanner = new SseScanner(List.of(listener), null, maxEventBytes);
        int from = 0;
        for (int cut : cuts) {
            scanner.feed(Buffer.buffer(Arrays.copyOfRange(stream, from, cut)));
            from = cut;
        }
        scanner.feed(Buffer.buffer(Arrays.copyOfRange(stream, from, stream.length)));
        scanner.end();
        return out;
    }

    private static List<String> events(byte[] stream, int[] cuts) {
        return events(stream, cuts, SseScanner.MAX_EVENT_BYTES);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int[] everyByte(int n) {
        return IntStream.range(1, n).toArray();
    }

    /** The stream cut in two at every offset, and cut after every byte: always the same events as whole. */
    private static List<String> sameAtEveryCut(byte[] stream) {
        List<String> whole = events(stream, new int[0]);
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(events(stream, new int[] {cut})).as("cut at %d", cut).isEqualTo(whole);
        }
        assertThat(events(stream, everyByte(stream.length))).isEqualTo(whole);
        return whole;
    }

    @Test
    void multiByteCharactersSplitAtEveryOffsetDecodeWhole() {
        byte[] stream = utf8("data: {\"t\":\"é漢😀\"}\n\nevent: x\ndata: ü\n\n");
        assertThat(sameAtEveryCut(stream)).containsExactly("null|{\"t\":\"é漢😀\"}", "x|ü", "end");
    }

    @Test
    void crLfAndLoneCrEndLinesEvenWhenSplitBetweenCrAndLf() {
        byte[] stream = utf8("data: a\r\n\r\ndata: b\r\rdata: c\n\n");
        assertThat(sameAtEveryCut(stream)).containsExactly("null|a", "null|b", "null|c", "end");
    }

    @Test
    void commentsAreSkippedAndDataLinesJoined() {
        byte[] stream = utf8(": keep-alive\n\ndata: one\n: note\ndata: two\ndata:three\n\n");
        assertThat(sameAtEveryCut(stream)).containsExactly("null|one\ntwo\nthree", "end");
    }

    @Test
    void anEventCutByACleanCloseIsStillDispatched() {
        byte[] stream = utf8("data: last");
        assertThat(events(stream, new int[] {3})).containsExactly("null|last", "end");
    }

    @Test
    void splitsCrLfCommentsAndMultiLineDataAtEveryOffset() {
        byte[] stream = utf8(": ping\r\nevent: a\r\ndata: {\"x\":\r\ndata: 1}\r\n\r\ndata: second\rdata: line\r\r"
                + "data: [DONE]\n\n");
        assertThat(sameAtEveryCut(stream)).containsExactly("a|{\"x\":\n1}", "null|second\nline", "null|[DONE]", "end");
    }

    @Test
    void fieldsFollowTheWhatwgRules() {
        // one leading space is dropped, a second one is data; a field without a colon has an empty value; unknown
        // fields and retry are ignored; an event without data is not dispatched (its name does not leak onward)
        byte[] stream = utf8("event: only-a-name\n\ndata:  two spaces\nretry: 10\nfoo: bar\n\ndata\ndata\n\n"
                + "event:tight\ndata:x\n\n");
        assertThat(sameAtEveryCut(stream)).containsExactly("null| two spaces", "null|\n", "tight|x", "end");
    }

    @Test
    void theLastEventIdCarriesOver() {
        List<String> ids = new ArrayList<>();
        SseScanner scanner = new SseScanner(e -> ids.add(e.id() + ":" + e.data()));
        scanner.feed(Buffer.buffer("id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid: bad\u0000\ndata: d\n\n"));
        assertThat(ids).containsExactly("7:a", "7:b", "8:c", "8:d");
    }

    @Test
    void anOversizeEventKeepsItsHeadAndTheStreamGoesOn() {
        String big = "x".repeat(100);
        byte[] stream = utf8("data: " + big + "\ndata: more\n\ndata: small\n\n");
        List<String> seen = events(stream, everyByte(stream.length), 10);
        assertThat(seen).containsExactly("null|xxxxxxxxxx|oversize", "null|small", "end");
        assertThat(events(stream, new int[0], 10)).isEqualTo(seen);
    }

    @Test
    void eventBoundary() {
        assertThat(boundaryAfter("data: a\n\n")).isTrue();
        assertThat(boundaryAfter("data: a\r\n\r\n")).isTrue();
        assertThat(boundaryAfter("")).isTrue();
        assertThat(boundaryAfter("data: a\n")).isFalse();
        assertThat(boundaryAfter("data: {\"x\":")).isFalse();
        assertThat(boundaryAfter(": ping\n")).isFalse();
    }

    /** Fed in pieces of 4 bytes, then ended: whether the stream stopped between events. */
    private static boolean boundaryAfter(String stream) {
        SseScanner scanner = new SseScanner(e -> {});
        byte[] bytes = utf8(stream);
        for (int i = 0; i < bytes.length; i += 4) {
            scanner.feed(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 4))));
        }
        boolean before = scanner.atEventBoundary();
        scanner.end();
        assertThat(scanner.atEventBoundary()).as("after the end").isEqualTo(before);
        return before;
    }

    /** A reader passing the stream on learns where each event's bytes end, the \n of a split \r\n included. */
    @Test
    void boundariesCoverEveryByteOfEachEvent() {
        String stream = "data: a\r\n\r\n: c\n\ndata: b\r\rdata: c\n\n";
        for (int cut = 1; cut < stream.length(); cut++) {
            List<String> pieces = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            byte[][] chunk = new byte[1][];
            int[] from = {0};
            SseScanner scanner = new SseScanner(
                    List.of(),
                    (end, lf) -> {
                        current.append(new String(chunk[0], from[0], end - from[0], StandardCharsets.UTF_8));
                        from[0] = end;
                        if (lf) {
                            pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + current);
                        } else {
                            pieces.add(current.toString());
                        }
                        current.setLength(0);
                    },
                    0);
            for (String part : new String[] {stream.substring(0, cut), stream.substring(cut)}) {
                chunk[0] = utf8(part);
                from[0] = 0;
                scanner.feed(chunk[0], 0, chunk[0].length);
                current.append(new String(chunk[0], from[0], chunk[0].length - from[0], StandardCharsets.UTF_8));
            }
            assertThat(pieces)
                    .as("cut at %d", cut)
                    .containsExactly("data: a\r\n\r\n", ": c\n\n", "data: b\r\r", "data: c\n\n");
        }
    }
}
