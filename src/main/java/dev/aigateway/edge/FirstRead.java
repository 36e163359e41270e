package dev.aigateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xOrH2CHandler;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * First in a new client connection's pipeline until it knows what the connection speaks. Vert.x adds its HTTP/1.1
 * decoder only once the first bytes show the connection is not cleartext HTTP/2, and hands it those bytes at once;
 * so this handler feeds Vert.x's detector one byte at a time until it has decided, then swaps the decoder for {@link
 * StrictRequestDecoder} (which has seen at most the few bytes the detector looked at: no request head yet) and puts
 * the connection's {@link RequestClock} after the response encoder, then steps out of the way. The clock runs from
 * the connection's opening: a client that connects and sends nothing is closed after the header timeout.
 *
 * <p>HTTP/2 connections (prior knowledge) keep Vert.x's pipeline. So do TLS connections terminated by the gateway
 * itself: their decoder is added in the TLS handshake's completion, too late to swap (the README says so: TLS is
 * terminated in front of the gateway).
 */
final class FirstRead extends ChannelInboundHandlerAdapter {

    static final String NAME = "aigw-first-read";
    private static final String DECODER = "httpDecoder";
    private static final String ENCODER = "httpEncoder";

    private final HttpServerOptions options;
    private final RequestClock clock;

    FirstRead(HttpServerOptions options, RequestClock clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        clock.opened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        clock.stop();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (!(msg instanceof ByteBuf buf) || pipeline.get(SslHandler.class) != null) {
            clock.stop();
            pipeline.remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        while (buf.isReadable() && pipeline.get(Http1xOrH2CHandler.class) != null) {
            ctx.fireChannelRead(buf.readRetainedSlice(1));
        }
        if (pipeline.get(Http1xOrH2CHandler.class) != null) {
            buf.release(); // all of it went to the detector, still undecided: wait for more bytes
            return;
        }
        ChannelHandler decoder = pipeline.get(DECODER);
        if (decoder instanceof VertxHttpRequestDecoder
                && !(decoder instanceof StrictRequestDecoder)
                && pipeline.get(ENCODER) != null) {
            pipeline.addAfter(ENCODER, RequestClock.NAME, clock);
            pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, clock));
        } else {
            clock.stop(); // cleartext HTTP/2, or a pipeline this does not know
        }
        // Out of the way before the rest goes on: what it sets off (an upgrade to HTTP/2) may rebuild the pipeline.
        // A removed handler's context still passes reads on to the next one.
        pipeline.remove(this);
        if (buf.isReadable()) {
            ctx.fireChannelRead(buf);
        } else {
            buf.release();
        }
    }
}
