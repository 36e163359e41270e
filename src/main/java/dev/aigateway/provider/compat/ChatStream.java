package dev.aigateway.provider.compat;

import java.util.function.Consumer;

/**
 * One target stream translated event by event into OpenAI {@code chat.completion.chunk} events. Fed whole events (the
 * relay's {@link dev.aigateway.stream.SseScanner} reassembles them from the network's chunks); each call hands the
 * translated SSE bytes (zero or more complete events) to {@code out} at once. Not thread-safe: one per stream.
 */
public interface ChatStream {

    /**
     * One upstream event.
     *
     * @param name its {@code event:} field, or null
     * @param data its data, decoded
     */
    void event(String name, String data, Consumer<byte[]> out);

    /**
     * The upstream stream ended; {@code complete} when it ended with its terminal event (then the OpenAI end,
     * {@code data: [DONE]}, follows).
     */
    void end(boolean complete, Consumer<byte[]> out);
}
