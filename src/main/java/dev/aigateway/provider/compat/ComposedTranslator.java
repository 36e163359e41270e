package dev.aigateway.provider.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Two translators through the OpenAI Chat shape: {@code outer} between the client's format and OpenAI Chat, {@code
 * inner} between OpenAI Chat and the target's format (Anthropic Messages in, Gemini upstream). It serves a pair
 * without a translator of its own, with exactly what the two pairs carry (what OpenAI Chat has no field for, such as
 * earlier thinking blocks, does not reach the target); a stream stays event by event (each inner event is handed to
 * the outer translator as it is made).
 */
public final class ComposedTranslator implements ChatTranslator {

    private final ChatTranslator outer;
    private final ChatTranslator inner;

    public ComposedTranslator(ChatTranslator outer, ChatTranslator inner) {
        this.outer = outer;
        this.inner = inner;
    }

    @Override
    public byte[] request(ObjectNode body, String model) {
        ObjectNode chat = OpenAiShapes.object(outer.request(body, model));
        return inner.request(chat, model);
    }

    @Override
    public String path(String model, boolean stream) {
        return inner.path(model, stream);
    }

    @Override
    public String[] requiredHeaders() {
        return inner.requiredHeaders();
    }

    @Override
    public String[] clientOnlyHeaders() {
        return outer.clientOnlyHeaders();
    }

    @Override
    public byte[] response(byte[] body, long created) {
        return outer.response(inner.response(body, created), created);
    }

    @Override
    public ChatStream stream(boolean includeUsage, long created) {
        ChatStream in = inner.stream(true, created); // the outer format may carry usage at its end: always asked
        ChatStream out = outer.stream(includeUsage, created);
        return new ChatStream() {
            @Override
            public void event(String name, String data, Consumer<byte[]> sink) {
                in.event(name, data, chunk -> relay(chunk, out, sink));
            }

            @Override
            public void end(boolean complete, Consumer<byte[]> sink) {
                in.end(complete, chunk -> relay(chunk, out, sink));
                out.end(complete, sink);
            }
        };
    }

    /** One OpenAI chunk event ({@code data: …\n\n}, as every inner translator emits them) into the outer stream. */
    private static void relay(byte[] event, ChatStream out, Consumer<byte[]> sink) {
        String text = new String(event, StandardCharsets.UTF_8);
        if (text.startsWith("data: ")) {
            out.event(null, text.substring("data: ".length()).strip(), sink);
        }
    }

    @Override
    public byte[] error(int status, byte[] body) {
        return outer.error(status, inner.error(status, body));
    }
}
