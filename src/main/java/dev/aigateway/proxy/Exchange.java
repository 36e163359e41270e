package dev.aigateway.proxy;

import dev.aigateway.error.GatewayException;
import dev.aigateway.metrics.GatewayMetrics;
import dev.aigateway.stream.ResponseScan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.util.function.Consumer;

/**
 * One provider call of a request (each Universal step has its own), shared by the classes that do its parts: the
 * attempts ({@link UpstreamCall}), the request body going up ({@link RequestBodyRelay}) and the response coming down
 * ({@link ResponseRelay}). It holds what they share — the upstream request in flight, the response's listeners, what
 * breaks a response being relayed — and ends once: {@link #ending} completes with the first of relayed, broken,
 * refused or client gone (or with the next Universal step's ending, when this one hands over). Event loop only.
 */
final class Exchange {

    final RequestContext ctx;
    final PreparedCall call;
    /** The whole request body when the gateway holds it (cache key, token estimate, retries); null: relayed. */
    final Buffer body;
    /** The held body is a stream request the client did not ask usage for: the gateway asks ({@code include_usage}). */
    final boolean askUsage;

    /** The response's one scan (among the taps' watchers): how an event stream ended. */
    final ResponseScan scan;

    final ResponseTaps taps;
    private final GatewayMetrics metrics;
    private final Promise<Ending> ending = Promise.promise();
    private boolean over;

    /** Attempts made so far (1-based number of the last one). */
    private int attempts;
    /** The gateway added {@code include_usage} to the request: the usage chunk is hidden from the client. */
    private boolean usageInjected;
    /** The attempt's upstream request in flight, or null. */
    private HttpClientRequest current;
    /** Breaks the response being relayed (set once its head went to the client); null before. */
    private Consumer<Throwable> breakResponse;

    Exchange(
            RequestContext ctx,
            PreparedCall call,
            Buffer body,
            boolean askUsage,
            ResponseTaps taps,
            GatewayMetrics metrics) {
        this.scan = taps.scan();
        this.ctx = ctx;
        this.call = call;
        this.body = body;
        this.askUsage = askUsage;
        this.taps = taps;
        this.metrics = metrics;
        ctx.taps(taps);
    }

    /** Whether this exchange ended (or handed over): nothing more is sent either way. */
    boolean over() {
        return over;
    }

    /** How the exchange ended; completes once. */
    Future<Ending> ending() {
        return ending.future();
    }

    void end(Ending how) {
        if (!over) {
            over = true;
            ending.complete(how);
        }
    }

    /** This Universal step fell back: it ends quietly, its ending is the next step's. */
    void handOver(Future<Ending> next) {
        over = true;
        taps.end(false);
        next.onComplete(ending);
    }

    int attempts() {
        return attempts;
    }

    void attempts(int n) {
        this.attempts = n;
    }

    boolean usageInjected() {
        return usageInjected;
    }

    void usageInjected(boolean injected) {
        this.usageInjected = injected;
    }

    void current(HttpClientRequest request) {
        this.current = request;
    }

    HttpClientRequest current() {
        return current;
    }

    /** The response's head went to the client: from now on a failure breaks it ({@code broken}) instead of answering. */
    void responseStarted(Consumer<Throwable> broken) {
        this.breakResponse = broken;
    }

    boolean responseStarted() {
        return breakResponse != null;
    }

    /** The client went away: the exchange ends (499), the provider's request is reset. */
    void clientGone() {
        if (over) {
            return;
        }
        metrics.clientAbort(ctx.provider());
        end(Ending.clientLeft(true));
        resetUpstream();
    }

    /**
     * The exchange cannot go on (a body too large or stalled, a gateway bug): the client gets {@code e} when nothing
     * was sent yet, a broken response otherwise; the provider's request is reset.
     *
     * @param close the client's connection is closed after the answer (HTTP/1.1: nothing more is read from it)
     */
    void fail(GatewayException e, boolean close) {
        if (over) {
            return;
        }
        if (breakResponse != null) {
            breakResponse.accept(e);
        } else {
            end(ErrorReply.send(ctx, e));
        }
        resetUpstream();
        if (close) {
            ctx.request().connection().close(); // after the answer
        }
    }

    void resetUpstream() {
        if (current != null) {
            current.reset(); // releases the upstream connection (closes it for HTTP/1.1)
        }
    }
}
