package dev.aigateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1.1 request decoder with two additions, swapped in for it on every connection by {@link FirstRead}:
 *
 * <ul>
 *   <li>a request head whose body length is ambiguous is marked ({@link FramingConflict}) instead of being
 *       normalised silently: Netty drops {@code Content-Length} when {@code Transfer-Encoding: chunked} is also
 *       present, so later code cannot tell. Nothing after such a request is decoded: the connection is closed once
 *       it is answered, so bytes a front proxy may have framed differently never become a request here;
 *   <li>the first byte of each request head is reported to the connection's {@link RequestClock}.
 * </ul>
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    private final RequestClock clock;
    private boolean inBody;
    private boolean conflict;
    private boolean discarding;

    StrictRequestDecoder(HttpServerOptions options, RequestClock clock) {
        super(options);
        this.clock = clock;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!inBody && in.isReadable()) {
            byte first = in.getByte(in.readerIndex());
            if (first != '\r' && first != '\n') { // line breaks between requests are skipped, not a head
                clock.headBytes();
            }
        }
        int from = out.size();
        super.decode(ctx, in, out);
        for (int i = from; i < out.size(); i++) {
            Object m = out.get(i);
            if (m instanceof HttpRequest request) {
                inBody = true;
                if (ambiguousLength(request)) {
                    request.setDecoderResult(FramingConflict.INSTANCE);
                }
                conflict = request.decoderResult() == FramingConflict.INSTANCE;
            }
            if (m instanceof LastHttpContent) {
                inBody = false;
                if (conflict) {
                    discarding = true; // the connection is closed after the answer: nothing more is a request
                    in.skipBytes(in.readableBytes());
                }
            }
        }
    }

    /** Netty's default removes {@code Content-Length} and reads chunks; the mark keeps the fact for the answer. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        super.handleTransferEncodingChunkedWithContentLength(message);
        if (message.decoderResult().isSuccess()) {
            message.setDecoderResult(FramingConflict.INSTANCE);
        }
    }

    /** Both length headers (HTTP/1.0 keeps them), or a transfer coding whose length is unknown (not chunked). */
    private static boolean ambiguousLength(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return request.decoderResult().isSuccess()
                && headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                && (headers.contains(HttpHeaderNames.CONTENT_LENGTH) || !HttpUtil.isTransferEncodingChunked(request));
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        clock.stop(); // an upgrade to HTTP/2, or the connection is over
        super.handlerRemoved0(ctx);
    }
}
