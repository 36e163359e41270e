package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.metrics.LogMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The writer's queue: bounded in events and in bytes, never blocking, bytes held until a batch is done. */
class LogQueueTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LogMetrics metrics = new LogMetrics(registry);

    private static LogEvent event(int bodyBytes) {
        Buffer body = bodyBytes == 0 ? null : Buffer.buffer(new byte[bodyBytes]);
        return new LogEvent(
                UUID.randomUUID(),
                Instant.now(),
                "gw",
                "openai",
                "/v1/chat/completions",
                "chat",
                "gpt-4o-mini",
                200,
                false,
                5,
                3,
                null,
                "application/json",
                "application/json",
                null,
                1,
                null,
                false,
                null,
                null,
                false,
                true,
                body,
                false,
                body,
                false,
                bodyBytes,
                bodyBytes,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    private double dropped(String reason) {
        return registry.find("gateway.log.rows.dropped").tag("reason", reason).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void beyondItsCapacityAnEventIsDroppedAndCounted() {
        LogQueue queue = new LogQueue(2, Long.MAX_VALUE, metrics);
        assertThat(queue.offer(event(0))).isTrue();
        assertThat(queue.offer(event(0))).isTrue();
        assertThat(queue.offer(event(0))).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(dropped("queue_full")).isEqualTo(1);
    }

    @Test
    void beyondItsBytesEventsAreQueuedWithoutTheirBodies() {
        LogEvent small = event(0);
        LogQueue queue = new LogQueue(100, small.bytes() + 20_000, metrics);
        assertThat(queue.offer(event(5_000))).isTrue();
        assertThat(queue.offer(event(50_000))).isTrue();
        List<LogEvent> taken = queue.take(10, Long.MAX_VALUE);
        assertThat(taken.get(0).requestBody()).isNotNull();
        assertThat(taken.get(1).requestBody()).isNull();
        assertThat(taken.get(1).responseBody()).isNull();
        assertThat(queue.bytes()).isLessThanOrEqualTo(small.bytes() + 20_000 + small.bytes());
    }

    @Test
    void aBatchsBytesCountUntilItIsDoneAndWhatIsKeptStillCounts() {
        LogQueue queue = new LogQueue(100, Long.MAX_VALUE, metrics);
        for (int i = 0; i < 4; i++) {
            queue.offer(event(1000));
        }
        long all = queue.bytes();
        List<LogEvent> batch = queue.take(3, Long.MAX_VALUE);
        assertThat(batch).hasSize(3);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.bytes()).isEqualTo(all);
        queue.settle(batch, batch.subList(1, 3));
        assertThat(queue.bytes()).isEqualTo(all - batch.get(0).bytes());
        queue.settle(batch.subList(1, 3), null);
        assertThat(queue.bytes()).isEqualTo(all / 4);
    }

    @Test
    void aBatchTakesUpToItsByteBoundButAlwaysOneEvent() {
        LogQueue queue = new LogQueue(100, Long.MAX_VALUE, metrics);
        LogEvent large = event(100_000);
        queue.offer(large);
        for (int i = 0; i < 10; i++) {
            queue.offer(event(1000));
        }
        long one = event(1000).bytes();
        assertThat(queue.take(100, 1000)).containsExactly(large); // alone, larger than the bound
        assertThat(queue.take(100, 3 * one)).hasSize(3);
        assertThat(queue.take(2, Long.MAX_VALUE)).hasSize(2);
        assertThat(queue.take(100, Long.MAX_VALUE)).hasSize(5);
    }
}
