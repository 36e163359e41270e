package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.usage.ResponseUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link LogEvent#bytes} (what the log queue's byte bound counts) is close to the memory a queued event really holds,
 * measured as the heap that 20,000 of them take: neither a flat guess per event (which made a 32 MB bound drop bodies at ~32,000 small events) nor
 * a response body counted twice when the usage read and the payload keep the same buffer.
 */
class LogEventBytesTest {

    private static final String REQUEST =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private static final String RESPONSE =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"}}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}";

    /** Strings as a request makes them (fresh ones), bodies as buffers, a usage read that kept the response. */
    private static LogEvent event(Buffer request, Buffer response, ResponseUsage usage) {
        return new LogEvent(
                UUID.randomUUID(),
                Instant.now(),
                "default",
                "openai",
                new String("/v1/chat/completions".toCharArray()),
                "chat",
                new String("gpt-4o-mini".toCharArray()),
                200,
                false,
                5,
                3,
                null,
                new String("application/json".toCharArray()),
                new String("application/json".toCharArray()),
                null,
                null,
                null,
                false,
                new String("curl/8.5.0".toCharArray()),
                null,
                false,
                true,
                request,
                false,
                response,
                false,
                request == null ? 0 : request.length(),
                response == null ? 0 : response.length(),
                usage,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    private static ResponseUsage usageOf(Buffer response) {
        ResponseUsage usage = new ResponseUsage("openai", 1 << 20);
        usage.onHead(200, MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"));
        usage.onChunk(response);
        return usage;
    }

    /**
     * The heap one event takes, on average over {@code count} made by {@code make} (what all events share, such as constant
     * names, is not in it), the median of five tries: the application under test runs alongside (its log writer may
     * free a batch, or hold one, between the two readings), which moves a single reading either way.
     */
    private static long measured(Supplier<LogEvent> make, int count) {
        long[] tries = new long[5];
        for (int attempt = 0; attempt < tries.length; attempt++) {
            LogEvent[] held = new LogEvent[count];
            long before = used();
            for (int i = 0; i < held.length; i++) {
                held[i] = make.get();
            }
            long after = used();
            tries[attempt] = (after - before) / held.length;
            assertThat(held[held.length - 1]).isNotNull();
        }
        java.util.Arrays.sort(tries);
        return tries[tries.length / 2];
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aSmallEventCountsAboutWhatItHolds() {
        // (a heap measurement of an event this small swung 300–550 B between JVMs: the bounds are the body and the
        // old flat figure; the larger events below are measured against the heap)
        LogEvent e = event(Buffer.buffer(REQUEST), null, null);
        assertThat(e.bytes()).isGreaterThan(REQUEST.length());
        assertThat(e.bytes()).isLessThan(1024); // the old flat figure
    }

    @Test
    void aLoggedChatCountsItsBodiesOnceEach() {
        Supplier<LogEvent> make = () -> {
            Buffer response = Buffer.buffer(RESPONSE);
            // the usage read keeps the very chunk the payload keeps
            return event(Buffer.buffer(REQUEST), response, usageOf(response));
        };
        long real = measured(make, 20_000);
        LogEvent e = make.get();
        ResponseUsage usage = e.usage();
        assertThat(e.bytes()).isBetween(real * 8 / 10, real * 3 / 2);
        long before = e.bytes();
        assertThat(usage.usage()).isNotNull(); // read (by the writer or the settler) while queued
        assertThat(e.bytes()).as("the figure the queue settles with").isEqualTo(before);
    }

    @Test
    void largeBodiesAreCountedByTheirLength() {
        byte[] large = ("{\"x\":\"" + "y".repeat(30_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Supplier<LogEvent> make = () -> event(Buffer.buffer(new byte[20_000]), Buffer.buffer(large), null);
        long real = measured(make, 1_000);
        assertThat(make.get().bytes()).isBetween(real * 9 / 10, real * 11 / 10);
    }

    @Test
    void aUsageReadWithACopyOfItsOwnCountsTheCopy() {
        Buffer response = Buffer.buffer(RESPONSE);
        ResponseUsage usage = usageOf(Buffer.buffer(RESPONSE)); // another buffer than the payload's
        LogEvent withCopy = event(null, response, usage);
        LogEvent shared = event(null, response, usageOf(response));
        assertThat(withCopy.bytes() - shared.bytes()).isEqualTo(RESPONSE.length());
        assertThat(withCopy.withoutBodies().bytes()).isLessThan(shared.bytes() - RESPONSE.length());
    }
}
