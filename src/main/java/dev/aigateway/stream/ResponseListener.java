package dev.aigateway.stream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Something that follows one upstream response while the response relay sends it to the client, so that none of them
 * reads or scans the stream on its own. There are two kinds, and a listener is registered as one of them:
 *
 * <ul>
 *   <li><b>watchers</b> get the body as the provider sent it (after content decoding, before anything the gateway
 *       changes): the response's one scan ({@link ResponseScan}) and usage read, the limit settler. They must see a
 *       usage chunk the gateway asked for on its own behalf even though the client never gets it.
 *   <li><b>recorders</b> get the body as the client received it (the hidden {@code include_usage} chunk taken out, a
 *       truncation error event added): the response's one bounded copy ({@link BodyCapture}), the cache recorder and
 *       the log row. What is stored or replayed must be what the client got.
 * </ul>
 *
 * <p>Calls come on the request's event loop, in order: {@link #onHead} once, {@link #onChunk} for each chunk, then
 * {@link #onEnd} exactly once (also when the response broke or never started); watchers are called before recorders.
 * A listener must not block, must not keep a chunk beyond the call without copying it, and must not throw: its
 * failure must never affect the bytes going to the client.
 */
public interface ResponseListener {

    /** The upstream answered: status and headers (as the provider sent them), before any body byte. */
    default void onHead(int status, MultiMap headers) {}

    /**
     * A chunk of the body: as the provider sent it for a watcher, as the client received it for a recorder (see the
     * class comment).
     */
    void onChunk(Buffer chunk);

    /**
     * The response is over. {@code complete} is true when it ended normally, false when it broke, was cut or aborted,
     * or never started.
     */
    default void onEnd(boolean complete) {}
}
