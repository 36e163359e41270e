package dev.aigateway.edge;

import io.netty.handler.codec.DecoderResult;

/**
 * The mark {@link StrictRequestDecoder} leaves on a request head whose body length is ambiguous (RFC 9112 §6.3):
 * {@code Transfer-Encoding} together with {@code Content-Length}, or a {@code Transfer-Encoding} that does not end in
 * {@code chunked}. A successful decoder result, so Vert.x hands the request to the router, where {@link
 * ClientConnections} answers it with 400 and closes the connection; nothing after it on that connection is read.
 */
final class FramingConflict extends DecoderResult {

    static final FramingConflict INSTANCE = new FramingConflict();

    private FramingConflict() {
        super(SIGNAL_SUCCESS);
    }
}
