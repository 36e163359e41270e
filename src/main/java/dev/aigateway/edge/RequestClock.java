package dev.aigateway.edge;

import dev.aigateway.error.ErrorEnvelope;
import dev.aigateway.error.GatewayError;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The two timers of one HTTP/1.1 client connection, as nginx keeps them ({@code client_header_timeout},
 * {@code keepalive_timeout}):
 *
 * <ul>
 *   <li>a request head (request line and headers) must be complete within the header timeout, counted from its first
 *       byte, or from the connection's opening for its first request; else the connection is closed (a client
 *       sending one header line a second holds nothing for long), with a 408 when part of a head arrived (never on a
 *       connection that sent nothing: a client could take the 408 for the answer to a request it sends just then);
 *   <li>a connection with nothing in flight is closed after the keep-alive timeout.
 * </ul>
 *
 * While a request is being answered neither runs: a body's pace is the request read timeout's business, and a
 * response, a stream of any length included, is never cut here ({@code quarkus.http.idle-timeout} stays the backstop
 * for a connection silent both ways). A head that arrives while earlier responses are still going (pipelining) gets
 * its full header timeout once they are over.
 *
 * <p>A Netty handler placed right after Vert.x's response encoder: inbound it sees the request heads the decoder
 * made, outbound the responses Vert.x writes, as HTTP objects. One per connection, used on its event loop only; one
 * timer at a time, moved by comparing deadlines rather than rescheduled per request.
 */
final class RequestClock extends ChannelDuplexHandler {

    static final String NAME = "aigw-request-clock";
    private static final Logger LOG = Logger.getLogger(RequestClock.class);

    private final Channel channel;
    private final long headerNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private int open; // requests whose head is complete and whose response has not ended
    private boolean head; // a request head is due: its first byte arrived (or the connection just opened)
    private boolean stopped;
    private long deadline; // System.nanoTime() when the armed timer expires; 0 = disarmed
    private boolean headerDeadline;
    private ScheduledFuture<?> timer;
    private long timerAt;

    /** @param headerNanos header timeout, 0 = none; @param idleNanos keep-alive timeout, 0 = none */
    RequestClock(Channel channel, long headerNanos, long idleNanos) {
        this.channel = channel;
        this.headerNanos = headerNanos;
        this.idleNanos = idleNanos;
    }

    /** The connection is open: its first request's head is due. */
    void opened() {
        head = true;
        arm(true);
    }

    /** The decoder got the first byte of a request head. */
    void headBytes() {
        if (stopped || head) {
            return;
        }
        head = true;
        if (open == 0) {
            arm(true);
        }
    }

    /** Not an HTTP/1.1 connection any more (or never was): no timers. */
    void stop() {
        stopped = true;
        disarm();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            head = false;
            open++;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent && !informational(msg) && open > 0 && --open == 0) {
            arm(head);
        }
        ctx.write(msg, promise);
    }

    /** 100 Continue, 103 Early Hints, 101 Switching Protocols: not the end of a response. */
    private static boolean informational(Object msg) {
        return msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    private void arm(boolean header) {
        long nanos = header ? headerNanos : idleNanos;
        if (stopped || nanos <= 0) {
            disarm();
            return;
        }
        headerDeadline = header;
        deadline = System.nanoTime() + nanos;
        if (timer == null || timerAt - deadline > 0) {
            if (timer != null) {
                timer.cancel(false);
            }
            schedule(nanos);
        }
    }

    private void disarm() {
        deadline = 0; // a pending timer finds nothing to do; it is cancelled only when an earlier one is needed
    }

    private void schedule(long nanos) {
        timerAt = System.nanoTime() + nanos;
        timer = channel.eventLoop().schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (stopped || deadline == 0 || open > 0) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        stopped = true;
        if (headerDeadline && ctx != null) {
            LOG.debugf("Request head not complete within %d ms: 408, connection closed", headerNanos / 1_000_000);
            ctx.writeAndFlush(timeoutAnswer()).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    private FullHttpResponse timeoutAnswer() {
        int status = HttpResponseStatus.REQUEST_TIMEOUT.code();
        byte[] body = ErrorEnvelope.render(
                        GatewayError.BAD_REQUEST,
                        "Request head not received within " + headerNanos / 1_000_000 + " ms",
                        status)
                .getBytes();
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
