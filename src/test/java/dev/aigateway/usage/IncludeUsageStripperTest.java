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
        assertThat(stripper.hidden().toString()).isEqualTo(USAGE);
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
}
