package dev.aigateway.stream;

/**
 * Receives the events {@link SseScanner} reads from a stream. Calls come on the thread feeding the scanner; a listener
 * must not throw and must not keep the {@link SseEvent} beyond the call.
 */
public interface SseListener {

    /** One whole event (one with at least one {@code data:} line). */
    void onEvent(SseEvent event);

    /** The stream ended (an event cut short by the end was dispatched just before). */
    default void onStreamEnd() {}
}
