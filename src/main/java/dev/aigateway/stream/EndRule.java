package dev.aigateway.stream;

/** How one wire format marks the end of its event streams: what each event says about the stream's end. */
@FunctionalInterface
public interface EndRule {

    /** What one event says. */
    enum Mark {
        /** Content: the stream goes on after it. */
        CONTENT,
        /** The answer is complete, though events may still follow (a usage-only chunk after the last candidate). */
        FINISHING,
        /** The terminal event: the stream ended properly. */
        END,
        /** A terminal event reporting a failure ({@code response.failed}, an {@code error} event). */
        FAILED
    }

    Mark judge(SseEvent event);
}
