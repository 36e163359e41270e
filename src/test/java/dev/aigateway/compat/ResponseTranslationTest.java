package dev.aigateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.provider.anthropic.compat.AnthropicChatTranslator;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The relay's side of a translation: an upstream stream cut anywhere (one byte per chunk, inside multi-byte
 * characters) comes out as the same translated events, each as soon as its upstream event is whole.
 */
class ResponseTranslationTest {

    private static String fixture(String name) {
        try (InputStream in = ResponseTranslationTest.class.getResourceAsStream("/compat/anthropic/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseTranslation translation() {
        return new ResponseTranslation(new AnthropicChatTranslator(4096), true, 1764000000L, 1 << 20);
    }

    @Test
    void streamCutAtEveryByteGivesTheGoldenEvents() {
        byte[] upstream = fixture("tool-stream.sse")
                .replace("San Francisco", "S\u00e3o Francisco")
                .getBytes(StandardCharsets.UTF_8);
        ResponseTranslation t = translation();
        assertThat(t.head(200, true)).isEqualTo("text/event-stream");
        Buffer out = Buffer.buffer();
        for (byte b : upstream) {
            out.appendBuffer(t.chunk(Buffer.buffer(new byte[] {b})));
        }
        out.appendBuffer(t.end());
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(fixture("tool-stream.expected.sse").replace("San Francisco", "S\u00e3o Francisco"));
    }

    @Test
    void eachEventLeavesWhenItsUpstreamEventIsWhole() {
        ResponseTranslation t = translation();
        t.head(200, true);
        String first = fixture("tool-stream.sse").split("\n\n")[0];
        assertThat(t.chunk(Buffer.buffer(first + "\n")).length()).isZero(); // not whole yet
        assertThat(t.chunk(Buffer.buffer("\n")).toString())
                .startsWith("data: {")
                .contains("\"role\":\"assistant\"");
    }

    @Test
    void jsonAnswerAndErrorAreTranslatedWhole() {
        ResponseTranslation t = translation();
        assertThat(t.head(200, false)).isEqualTo("application/json");
        String body = fixture("thinking-tool.response.json");
        assertThat(t.chunk(Buffer.buffer(body.substring(0, 10))).length()).isZero();
        t.chunk(Buffer.buffer(body.substring(10)));
        assertThat(t.end().toString())
                .contains("\"object\":\"chat.completion\"")
                .contains("\"cached_tokens\":2000");

        ResponseTranslation e = translation();
        e.head(429, false);
        e.chunk(Buffer.buffer(fixture("rate-limit.error.json")));
        assertThat(e.end().toString()).startsWith("{\"error\":{").contains("\"code\":\"rate_limit_error\"");
    }

    @Test
    void truncationEventIsInTheClientsFormat() {
        assertThat(translation().truncationEvent("cut").toString()).startsWith("data: {\"error\":{");
        ResponseTranslation messages = new ResponseTranslation(
                new dev.aigateway.provider.anthropic.compat.MessagesOverChatTranslator("/chat/completions"),
                false,
                1L,
                1 << 20,
                dev.aigateway.provider.WireFormat.ErrorDialect.ANTHROPIC);
        assertThat(messages.truncationEvent("cut").toString()).startsWith("event: error\ndata: {\"type\":\"error\"");
    }
}
