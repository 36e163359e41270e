package dev.aigateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache entry codec: what is stored comes back byte for byte; anything that is not a whole entry of this version
 * (another version, a cut-off or corrupted value) reads as a miss, never as an exception.
 */
class CachedResponseTest {

    private static final String SSE = "data: {\"choices\":[{\"delta\":{\"content\":\"漢字 é 🎉\"}}]}\n\ndata: [DONE]\n\n";

    private static CachedResponse sample() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/event-stream; charset=utf-8")
                .add("x-request-id", "req-1")
                .add("Link", "<a>")
                .add("Link", "<b>")
                .add("x-note", "café");
        return CachedResponse.of(200, headers, Buffer.buffer(SSE), 1_700_000_000_123L);
    }

    @Test
    void anEntryReadsBackAsStored() {
        CachedResponse stored = sample();

        CachedResponse read = CachedResponse.decode(stored.encode());

        assertThat(read).isNotNull();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.storedAtMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(read.headers())
                .containsExactly(
                        Map.entry("Content-Type", "text/event-stream; charset=utf-8"),
                        Map.entry("x-request-id", "req-1"),
                        Map.entry("Link", "<a>"),
                        Map.entry("Link", "<b>"),
                        Map.entry("x-note", "café"));
        assertThat(read.body().getBytes()).isEqualTo(SSE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryAndEmptyBodiesReadBackExactly() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        CachedResponse audio = new CachedResponse(200, List.of(), Buffer.buffer(binary), 1);
        CachedResponse empty = new CachedResponse(204, List.of(), Buffer.buffer(), 2);

        assertThat(CachedResponse.decode(audio.encode()).body().getBytes()).isEqualTo(binary);
        assertThat(CachedResponse.decode(empty.encode()).body().length()).isZero();
        assertThat(CachedResponse.decode(empty.encode()).status()).isEqualTo(204);
    }

    @Test
    void perTransferAndPerClientHeadersAreNotStored() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Length", "12")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "keep-alive")
                .add("Keep-Alive", "timeout=5")
                .add("Date", "Mon, 01 Jan 2024 00:00:00 GMT")
                .add("Set-Cookie", "session=secret")
                .add("Age", "3")
                .add("CF-AIG-Cache-Status", "MISS")
                .add("cf-aig-log-id", "l")
                .add("cf-aig-request-id", "r")
                .add("cf-aig-event-id", "e")
                .add("content-type", "application/json")
                .add("openai-processing-ms", "12");

        CachedResponse entry = CachedResponse.of(200, headers, Buffer.buffer("{}"), 0);

        assertThat(entry.headers())
                .containsExactly(
                        Map.entry("content-type", "application/json"), Map.entry("openai-processing-ms", "12"));
    }

    @Test
    void anotherVersionIsAMiss() {
        Buffer encoded = sample().encode();
        encoded.setByte(4, (byte) 2);

        assertThat(CachedResponse.decode(encoded)).isNull();
    }

    @Test
    void somethingElseEntirelyIsAMiss() {
        assertThat(CachedResponse.decode(null)).isNull();
        assertThat(CachedResponse.decode(Buffer.buffer())).isNull();
        assertThat(CachedResponse.decode(Buffer.buffer("{\"status\":200,\"body\":\"hello, world\"}")))
                .isNull();
    }

    @Test
    void everyTruncationIsAMiss() {
        Buffer encoded = sample().encode();
        for (int length = 0; length < encoded.length(); length++) {
            assertThat(CachedResponse.decode(encoded.getBuffer(0, length)))
                    .as("cut at %d of %d", length, encoded.length())
                    .isNull();
        }
    }

    @Test
    void trailingBytesAreAMiss() {
        assertThat(CachedResponse.decode(sample().encode().appendByte((byte) 0)))
                .isNull();
    }

    @Test
    void corruptLengthsAndCountsAreAMiss() {
        Buffer encoded = sample().encode();
        int headerCount = 4 + 1 + 4 + 8;
        int firstNameLength = headerCount + 4;
        for (int value : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20, encoded.length()}) {
            assertThat(CachedResponse.decode(encoded.copy().setInt(headerCount, value)))
                    .as("header count %d", value)
                    .isNull();
            assertThat(CachedResponse.decode(encoded.copy().setInt(firstNameLength, value)))
                    .as("name length %d", value)
                    .isNull();
            assertThat(CachedResponse.decode(encoded.copy()
                            .setInt(encoded.length() - SSE.getBytes(StandardCharsets.UTF_8).length - 4, value)))
                    .as("body length %d", value)
                    .isNull();
        }
    }

    @Test
    void aCorruptLengthNeverMakesTheReaderAllocateWhatItClaims() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Buffer encoded = sample().encode();
        int headerCount = 4 + 1 + 4 + 8;
        int firstNameLength = headerCount + 4;
        int firstValueLength = firstNameLength + 4 + "Content-Type".length();
        for (int field : new int[] {headerCount, firstNameLength, firstValueLength}) {
            for (int value : new int[] {0x7f000000, 1 << 24}) {
                Buffer corrupt = encoded.copy().setInt(field, value);
                long before = threads.getCurrentThreadAllocatedBytes();
                CachedResponse read = CachedResponse.decode(corrupt);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;

                assertThat(read).isNull();
                assertThat(allocated)
                        .as("bytes allocated reading %d at offset %d", value, field)
                        .isLessThan(1 << 20);
            }
        }
    }

    @Test
    void everySingleByteCorruptionIsAMissOrAnEntryNeverAnException() {
        Buffer encoded = sample().encode();
        for (int i = 0; i < encoded.length(); i++) {
            Buffer corrupt = encoded.copy();
            corrupt.setByte(i, (byte) ~corrupt.getByte(i));
            CachedResponse read = CachedResponse.decode(corrupt); // must not throw
            if (read != null) {
                assertThat(read.body().length()).as("byte %d", i).isLessThanOrEqualTo(corrupt.length());
            }
        }
    }
}
