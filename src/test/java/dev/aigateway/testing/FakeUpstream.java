package dev.aigateway.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A provider stand-in at the HTTP edge: records every request it receives (method, raw URI, headers, body bytes)
 * and answers with a per-path handler, or by echoing what it saw as JSON.
 */
public final class FakeUpstream {

    /** What the upstream received. */
    public record Received(String method, String uri, MultiMap headers, Buffer body, HttpVersion version) {

        public String header(String name) {
            return headers.get(name);
        }

        public boolean hasHeaderStartingWith(String prefix) {
            return headers.names().stream().anyMatch(n -> n.toLowerCase().startsWith(prefix));
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> aborted = new CopyOnWriteArrayList<>();
    private final Map<String, BiConsumer<HttpServerRequest, Buffer>> handlers = new ConcurrentHashMap<>();
    private final boolean ssl;
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    public FakeUpstream() {
        this(new HttpServerOptions());
    }

    /** A TLS upstream with the test certificate, offering HTTP/2 and HTTP/1.1 through ALPN. */
    public static FakeUpstream tls() {
        return new FakeUpstream(new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(testFile("tls/upstream-cert.pem"))
                        .setKeyPath(testFile("tls/upstream-key.pem"))));
    }

    /** Absolute path of a file under src/test/resources. */
    public static String testFile(String resource) {
        try {
            return java.nio.file.Path.of(
                            FakeUpstream.class.getResource("/" + resource).toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private FakeUpstream(HttpServerOptions options) {
        ssl = options.isSsl();
        compressLikeProviders(options);
        server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0));
        server.connectionHandler(c -> accepted.incrementAndGet());
        server.requestHandler(req -> bodyOf(req).onSuccess(body -> {
            received.add(new Received(
                    req.method().name(),
                    req.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                    body,
                    req.version()));
            BiConsumer<HttpServerRequest, Buffer> handler = handlerFor(req.path());
            if (handler != null) {
                handler.accept(req, body);
            } else {
                echo(req, body);
            }
        }));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like real providers, answers gzip, deflate (and brotli when brotli4j's native library loads) when the request's
     * {@code Accept-Encoding} asks for it, chunk by chunk; {@code Accept-Encoding: identity} or none gets plain bytes.
     */
    private static void compressLikeProviders(HttpServerOptions options) {
        options.setCompressionSupported(true);
        if (brotliAvailable()) {
            options.addCompressor(io.netty.handler.codec.compression.StandardCompressionOptions.brotli())
                    .addCompressor(io.netty.handler.codec.compression.StandardCompressionOptions.gzip())
                    .addCompressor(io.netty.handler.codec.compression.StandardCompressionOptions.deflate());
        }
    }

    /** Whether brotli4j and its native library are usable here. */
    public static boolean brotliAvailable() {
        try {
            return com.aayushatharva.brotli4j.Brotli4jLoader.isAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private BiConsumer<HttpServerRequest, Buffer> handlerFor(String path) {
        BiConsumer<HttpServerRequest, Buffer> best = null;
        int bestLength = -1;
        for (Map.Entry<String, BiConsumer<HttpServerRequest, Buffer>> e : handlers.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
                best = e.getValue();
                bestLength = e.getKey().length();
            }
        }
        return best;
    }

    private static void echo(HttpServerRequest req, Buffer body) {
        JsonObject json = new JsonObject()
                .put("method", req.method().name())
                .put("uri", req.uri())
                .put("bodyLength", body.length());
        req.response()
                .putHeader("content-type", "application/json")
                .putHeader("x-upstream", "fake")
                .end(json.encode());
    }

    /** Answers requests whose path starts with {@code pathPrefix}; the longest matching prefix wins. */
    public void on(String pathPrefix, BiConsumer<HttpServerRequest, Buffer> handler) {
        handlers.put(pathPrefix, handler);
    }

    /** Answers with a fixed status, content type and body. */
    public void onJson(String pathPrefix, int status, String json) {
        on(pathPrefix, (req, body) -> req.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(json));
    }

    /**
     * Answers with an event stream delivered the way real networks deliver it: in separate writes cut at these byte
     * offsets (inside multi-byte characters too), each after a pause; with {@code contentLength} the body is declared
     * up front (as some providers do on SSE) instead of being sent chunked.
     */
    public void onSse(String pathPrefix, byte[] body, int[] cuts, boolean contentLength, long pauseMillis) {
        on(pathPrefix, (req, reqBody) -> writeSse(req, body, cuts, contentLength, pauseMillis));
    }

    /** Writes {@code body} as an event stream, cut at {@code cuts} (ascending byte offsets), pausing between writes. */
    public void writeSse(HttpServerRequest req, byte[] body, int[] cuts, boolean contentLength, long pauseMillis) {
        var response = req.response().putHeader("content-type", "text/event-stream");
        if (contentLength) {
            response.putHeader("content-length", Integer.toString(body.length));
        } else {
            response.setChunked(true);
        }
        writePiece(response, body, cuts, 0, 0, pauseMillis);
    }

    private void writePiece(
            io.vertx.core.http.HttpServerResponse response, byte[] body, int[] cuts, int index, int from, long pause) {
        int to = index < cuts.length ? cuts[index] : body.length;
        if (to > from) {
            response.write(Buffer.buffer(java.util.Arrays.copyOfRange(body, from, to)));
        }
        if (to >= body.length) {
            response.end();
            return;
        }
        Runnable next = () -> writePiece(response, body, cuts, index + 1, to, pause);
        if (pause > 0) {
            vertx.setTimer(pause, t -> next.run());
        } else {
            next.run();
        }
    }

    /** Cuts after every byte: every offset of a body, multi-byte characters included, ends a network chunk. */
    public static int[] everyByte(int length) {
        return java.util.stream.IntStream.range(1, length).toArray();
    }

    public void reset() {
        handlers.clear();
        received.clear();
        aborted.clear();
        accepted.set(0);
    }

    /** Connections the gateway opened to this upstream since the last reset. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** The request's body; a request whose body never arrives whole is recorded as aborted. */
    private io.vertx.core.Future<Buffer> bodyOf(HttpServerRequest req) {
        return req.body().onFailure(t -> aborted.add(req.uri()));
    }

    /** URIs of requests whose body never arrived whole (the gateway reset or closed them mid-body). */
    public List<String> aborted() {
        return List.copyOf(aborted);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The only request received since the last reset. */
    public Received single() {
        if (received.size() != 1) {
            throw new AssertionError("expected exactly one upstream request, got " + received.size() + ": "
                    + received.stream().map(Received::uri).toList());
        }
        return received.get(0);
    }

    public int port() {
        return server.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public String url() {
        return (ssl ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** Ends the request's connection with a TCP reset (RST), as a crashing provider or a middlebox does. */
    public static void resetConnection(HttpServerRequest req) {
        io.netty.channel.Channel channel = ((io.vertx.core.net.impl.ConnectionBase) req.connection()).channel();
        channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    public void close() {
        vertx.close();
    }
}
