package dev.aigateway.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** Recorded provider responses under {@code src/test/resources/fixtures/<provider>/}. */
public final class Fixtures {

    private Fixtures() {}

    public static String read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers with a recorded SSE stream, one event per write. */
    public static BiConsumer<HttpServerRequest, Buffer> sse(String path) {
        String stream = read(path);
        return (req, body) -> {
            var response = req.response()
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache");
            for (String event : stream.split("(?<=\n\n)")) {
                response.write(event);
            }
            response.end();
        };
    }
}
