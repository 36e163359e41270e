package dev.aigateway.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.http.HttpServerOptions;

/**
 * In the HTTP server's listening channel, before Netty's acceptor: each accepted connection gets its {@link FirstRead}
 * (and {@link RequestClock}) first in its pipeline, before Vert.x sets the rest of it up.
 */
@ChannelHandler.Sharable
final class AcceptHook extends ChannelInboundHandlerAdapter {

    static final String NAME = "aigw-accept";

    private final HttpServerOptions options;
    private final long headerNanos;
    private final long idleNanos;

    AcceptHook(HttpServerOptions options, long headerNanos, long idleNanos) {
        this.options = options;
        this.headerNanos = headerNanos;
        this.idleNanos = idleNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            child.pipeline()
                    .addFirst(FirstRead.NAME, new FirstRead(options, new RequestClock(child, headerNanos, idleNanos)));
        }
        ctx.fireChannelRead(msg);
    }
}
