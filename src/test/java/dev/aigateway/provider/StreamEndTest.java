package dev.aigateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A stream's end is judged on whole events: the terminal event of its API, never a marker inside content. */
class StreamEndTest {

    private static StreamEnd.Tail tail(String stream, int pieces) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        StreamEnd.Tail tail = new StreamEnd.Tail();
        int step = Math.max(1, bytes.length / Math.max(1, pieces));
        for (int i = 0; i < bytes.length; i += step) {
            tail.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + step))));
        }
        return tail;
    }

    private static boolean finished(String stream) {
        return tail(stream, 1).finished() && tail(stream, stream.length()).finished();
    }

    @Test
    void doneInsideContentIsNotTheEnd() {
        assertThat(finished("data: {\"choices\":[{\"delta\":{\"content\":\"[DONE]\"}}]}\n\n"))
                .isFalse();
        assertThat(finished("data: {\"choices\":[{\"delta\":{\"content\":\"data: [DONE]\\n\\n\"}}]}\n\n"))
                .isFalse();
        assertThat(finished("data: {\"delta\":{\"text\":\"message_stop response.completed\"}}\n\n"))
                .isFalse();
        assertThat(finished("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")).isTrue();
        assertThat(finished("data: [DONE]\r\n\r\n")).isTrue();
    }

    @Test
    void responsesTerminalEventsAreAllProperEnds() {
        for (String type : new String[] {"response.completed", "response.incomplete", "response.failed"}) {
            String stream = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                    + "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"response\":{\"output\":[{\"text\":\""
                    + "x".repeat(10_000) + "\"}]}}\n\n";
            assertThat(finished(stream)).as(type).isTrue();
            // with only the data line (no event: line), a large terminal event is still recognised
            assertThat(finished(stream.replace("event: " + type + "\n", "")))
                    .as(type)
                    .isTrue();
        }
        assertThat(tail("event: response.failed\ndata: {\"type\":\"response.failed\"}\n\n", 3)
                        .failed())
                .isTrue();
        assertThat(StreamEnd.finished(Buffer.buffer("data: {\"type\":\"response.failed\"}\n\n")))
                .isFalse();
        assertThat(StreamEnd.finished(Buffer.buffer("data: {\"type\":\"response.incomplete\"}\n\n")))
                .isTrue();
    }

    @Test
    void otherApisTerminalEvents() {
        assertThat(finished("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
                .isTrue();
        assertThat(finished("data: {\"type\":\"message-end\"}\n\n")).isTrue();
        assertThat(finished("data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\r\n\r\n"))
                .isTrue();
        assertThat(finished(
                        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\\\"finishReason\\\"\"}]}}]}\n\n"))
                .isFalse();
    }

    @Test
    void eventBoundary() {
        assertThat(tail("data: a\n\n", 4).atEventBoundary()).isTrue();
        assertThat(tail("data: a\r\n\r\n", 4).atEventBoundary()).isTrue();
        assertThat(tail("data: a\n", 4).atEventBoundary()).isFalse();
        assertThat(tail("data: {\"x\":", 4).atEventBoundary()).isFalse();
        assertThat(tail("", 1).atEventBoundary()).isTrue();
    }
}
