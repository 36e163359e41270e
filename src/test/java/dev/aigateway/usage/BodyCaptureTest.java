package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.stream.BodyCapture;
import dev.aigateway.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The response's one bounded copy: bounded in bytes, copied only when wanted, shared by the usage read and the cache. */
class BodyCaptureTest {

    private static void feed(BodyCapture capture, byte[] bytes, int step) {
        for (int i = 0; i < bytes.length; i += step) {
            capture.onChunk(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + step))));
        }
    }

    @Test
    void keepsTheWholeBodyUpToItsBoundAndNothingPastIt() {
        byte[] body = new byte[1000];
        Arrays.fill(body, (byte) 'x');

        BodyCapture fits = new BodyCapture(1000);
        fits.want();
        feed(fits, body, 7);
        assertThat(fits.body().getBytes()).isEqualTo(body);
        assertThat(fits.heldBytes()).isEqualTo(1000);

        BodyCapture past = new BodyCapture(999);
        past.want();
        feed(past, body, 7);
        assertThat(past.body()).as("one byte past the bound: no copy at all").isNull();
        assertThat(past.heldBytes()).isZero();
        past.onChunk(Buffer.buffer("more")); // nothing comes back once it overflowed
        assertThat(past.body()).isNull();
        assertThat(past.heldBytes()).isZero();
    }

    /**
     * A body in one chunk is kept as that chunk (no copy); a second chunk starts a copy of its own, and the chunks the
     * client was sent are never changed by it.
     */
    @Test
    void keepsAOneChunkBodyAsItIsAndCopiesFromTheSecondChunk() {
        Buffer first = Buffer.buffer("{\"id\":");
        BodyCapture one = new BodyCapture(1 << 20);
        one.want();
        one.onChunk(first);
        assertThat(one.body()).as("one chunk: kept, not copied").isSameAs(first);

        BodyCapture two = new BodyCapture(1 << 20);
        two.want();
        two.onChunk(first);
        two.onChunk(Buffer.buffer("1}"));
        assertThat(two.body().toString()).isEqualTo("{\"id\":1}");
        assertThat(two.heldBytes()).isEqualTo(8);
        assertThat(first.toString()).as("the relayed chunk is untouched").isEqualTo("{\"id\":");

        BodyCapture bounded = new BodyCapture(8);
        bounded.want();
        bounded.onChunk(first);
        bounded.onChunk(Buffer.buffer("12}"));
        assertThat(bounded.body()).as("past the bound over two chunks: no copy").isNull();
        assertThat(first.toString()).isEqualTo("{\"id\":");
    }

    @Test
    void copiesNothingUnlessSomeoneWantsTheBody() {
        BodyCapture capture = new BodyCapture(1 << 20);
        capture.onChunk(Buffer.buffer("{\"a\":1}"));
        assertThat(capture.heldBytes()).isZero();
        assertThat(capture.body()).isNull();

        BodyCapture empty = new BodyCapture(1 << 20);
        empty.want();
        assertThat(empty.body().length()).as("wanted, no body: an empty one").isZero();
    }

    /**
     * The usage read parses a JSON body from the shared copy and lets go of it; the copy still holds the body for the
     * other reader (the cache recorder), byte for byte. An event stream's usage needs no copy.
     */
    @Test
    void theUsageReadParsesTheSharedCopyWithoutTakingItFromTheCache() {
        byte[] json = Fixtures.read("usage/anthropic-cache.json").getBytes(StandardCharsets.UTF_8);
        BodyCapture capture = new BodyCapture(1 << 20);
        ResponseUsage usage = new ResponseUsage("anthropic", capture);
        capture.want(); // the cache recorder wants it too
        usage.onHead(200, HttpHeaders.headers().add("content-type", "application/json"));
        for (int i = 0; i < json.length; i += 100) {
            Buffer chunk = Buffer.buffer(Arrays.copyOfRange(json, i, Math.min(json.length, i + 100)));
            usage.onChunk(chunk); // as a watcher: it keeps nothing itself
            capture.onChunk(chunk); // as a recorder
        }
        assertThat(usage.pendingBytes()).isEqualTo(json.length);
        assertThat(usage.usage().input()).isEqualTo(2600);
        assertThat(usage.pendingBytes()).isZero();
        assertThat(usage.heldBytes())
                .as("the figure the log queue counted stays")
                .isEqualTo(json.length);
        assertThat(capture.body().getBytes()).isEqualTo(json);

        BodyCapture notWanted = new BodyCapture(1 << 20);
        ResponseUsage stream = new ResponseUsage("openai", notWanted);
        stream.onHead(200, HttpHeaders.headers().add("content-type", "text/event-stream"));
        notWanted.onChunk(Buffer.buffer("data: {}\n\n"));
        assertThat(notWanted.heldBytes())
                .as("a stream's usage is read as it passes: no copy")
                .isZero();
        assertThat(stream.heldBytes()).isZero();
    }
}
