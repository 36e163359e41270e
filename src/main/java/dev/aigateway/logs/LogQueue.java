package dev.aigateway.logs;

import dev.aigateway.metrics.LogMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log writer's queue, bounded twice: at most {@code queue-capacity} events (beyond it an event is dropped and
 * counted) and about {@code queue-max-bytes} of memory ({@link LogEvent#bytes}; beyond it events are queued without
 * their bodies, counted). {@link #offer} never blocks; the bytes of a batch taken out count until the batch is done.
 */
final class LogQueue {

    private final ArrayBlockingQueue<LogEvent> events;
    /** Memory held by queued events and by the batch being written. */
    private final AtomicLong bytes = new AtomicLong();

    private final long maxBytes;
    private final LogMetrics metrics;

    LogQueue(int capacity, long maxBytes, LogMetrics metrics) {
        this.events = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        metrics.logQueue(events);
    }

    /** Queues an event (without its bodies beyond the byte bound); false, counted, when the queue is full. */
    boolean offer(LogEvent event) {
        LogEvent e = event;
        long size = e.bytes();
        if (bytes.addAndGet(size) > maxBytes) {
            bytes.addAndGet(-size);
            e = event.withoutBodies();
            size = e.bytes();
            if (size != event.bytes()) {
                metrics.logPayloadsDropped("queue_bytes", 1);
            }
            bytes.addAndGet(size);
        }
        if (events.offer(e)) {
            return true;
        }
        bytes.addAndGet(-size);
        metrics.logRowsDropped("queue_full", 1);
        return false;
    }

    /**
     * Up to {@code max} events and about {@code maxBytes} of them (at least one), oldest first; their bytes still
     * count until {@link #settle}. One taker at a time (the writer).
     */
    List<LogEvent> take(int max, long maxBytes) {
        List<LogEvent> batch = new ArrayList<>(Math.min(max, events.size()));
        long taken = 0;
        LogEvent next;
        while (batch.size() < max && (next = events.peek()) != null) {
            long size = next.bytes();
            if (!batch.isEmpty() && taken + size > maxBytes) {
                break;
            }
            batch.add(events.poll());
            taken += size;
        }
        return batch;
    }

    /** A batch taken out is done: its bytes no longer count, except those of its events kept for another try. */
    void settle(List<LogEvent> batch, List<LogEvent> kept) {
        bytes.addAndGet(bytes(kept) - bytes(batch));
    }

    int size() {
        return events.size();
    }

    long bytes() {
        return bytes.get();
    }

    private static long bytes(List<LogEvent> events) {
        long n = 0;
        if (events != null) {
            for (LogEvent e : events) {
                n += e.bytes();
            }
        }
        return n;
    }
}
