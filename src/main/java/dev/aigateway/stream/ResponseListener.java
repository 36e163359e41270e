package dev.aigateway.stream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Something that watches one upstream response while the response relay sends it to the client: the cache recorder,
 * the usage and limit settler, the log draft, the truncation detector. The relay feeds every registered listener the
 * same bytes, so none of them reads or scans the stream on its own.
 *
 * <p>Calls come on the request's event loop, in order: {@link #onHead} once, {@link #onChunk} for each chunk, then
 * {@link #onEnd} exactly once (also when the response broke or never started). A listener must not block, must not
 * keep a chunk beyond the call without copying it, and must not throw: its failure must never affect the bytes going
 * to the client.
 */
public interface ResponseListener {

    /** The upstream answered: status and headers, before any body byte. */
    default void onHead(int status, MultiMap headers) {}

    /**
     * A chunk of the body as the upstream sent it (after content decoding; before anything the gateway changes for
     * the client, such as the hidden {@code include_usage} chunk).
     */
    void onChunk(Buffer chunk);

    /**
     * The response is over. {@code complete} is true when it ended normally, false when it broke, was cut or aborted,
     * or never started.
     */
    default void onEnd(boolean complete) {}
}
