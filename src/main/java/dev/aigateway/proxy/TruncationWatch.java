package dev.aigateway.proxy;

import dev.aigateway.provider.StreamEnd;
import dev.aigateway.stream.ResponseListener;
import io.vertx.core.buffer.Buffer;

/**
 * Follows an event stream as the provider sends it, so that the relay can tell, when it stops, whether it ended with
 * its terminal event (else the client is told it was truncated) and whether it stopped between two events.
 */
final class TruncationWatch implements ResponseListener {

    private final StreamEnd.Tail tail = new StreamEnd.Tail();

    @Override
    public void onChunk(Buffer chunk) {
        tail.add(chunk);
    }

    /** Whether the stream ended with a terminal event (called once it is over). */
    boolean finished() {
        return tail.finished();
    }

    /** Whether the stream stopped between two events (otherwise an error event must first end the open one). */
    boolean atEventBoundary() {
        return tail.atEventBoundary();
    }
}
