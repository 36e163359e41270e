package dev.aigateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.stream.ResponseScan;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A stream's end is judged on whole events, by its wire format's terminal event, never a marker inside content; the
 * error event a client gets for a cut stream is its API's.
 */
class StreamEndTest {

    private static ResponseScan scan(WireFormat format, String stream, int pieces) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        ResponseScan scan = new ResponseScan(ProviderRules.COMPATIBLE.streamEnd(format));
        scan.onHead(200, HttpHeaders.headers().add("content-type", "text/event-stream; charset=utf-8"));
        int step = Math.max(1, bytes.length / Math.max(1, pieces));
        for (int i = 0; i < bytes.length; i += step) {
            scan.onChunk(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + step))));
        }
        scan.endOfInput();
        return scan;
    }

    /** Ended with its terminal event, whole or cut after every byte (a failed one included). */
    private static boolean finished(WireFormat format, String stream) {
        boolean whole = scan(format, stream, 1).finished();
        assertThat(scan(format, stream, stream.length()).finished()).isEqualTo(whole);
        return whole;
    }

    /** What may be stored: ended properly and not with a failure. */
    private static boolean storable(WireFormat format, String stream) {
        ResponseScan scan = scan(format, stream, 3);
        return scan.finished() && !scan.failed();
    }

    @Test
    void doneInsideContentIsNotTheEnd() {
        for (WireFormat f : new WireFormat[] {WireFormat.OPENAI_CHAT, WireFormat.OTHER}) {
            assertThat(finished(f, "data: {\"choices\":[{\"delta\":{\"content\":\"[DONE]\"}}]}\n\n"))
                    .isFalse();
            assertThat(finished(f, "data: {\"choices\":[{\"delta\":{\"content\":\"data: [DONE]\\n\\n\"}}]}\n\n"))
                    .isFalse();
            assertThat(finished(f, "data: {\"delta\":{\"text\":\"message_stop response.completed\"}}\n\n"))
                    .isFalse();
            assertThat(finished(f, "data: {\"choices\":[]}\n\ndata: [DONE]\n\n"))
                    .isTrue();
            assertThat(finished(f, "data: [DONE]\r\n\r\n")).isTrue();
        }
    }

    @Test
    void responsesTerminalEventsAreAllProperEnds() {
        for (String type : new String[] {"response.completed", "response.incomplete", "response.failed"}) {
            String stream = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                    + "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"response\":{\"output\":[{\"text\":\""
                    + "x".repeat(10_000) + "\"}]}}\n\n";
            assertThat(finished(WireFormat.OPENAI_RESPONSES, stream)).as(type).isTrue();
            // with only the data line (no event: line), a large terminal event is still recognised
            assertThat(finished(WireFormat.OPENAI_RESPONSES, stream.replace("event: " + type + "\n", "")))
                    .as(type)
                    .isTrue();
        }
        assertThat(scan(
                                WireFormat.OPENAI_RESPONSES,
                                "event: response.failed\ndata: {\"type\":\"response.failed\"}\n\n",
                                3)
                        .failed())
                .isTrue();
        assertThat(storable(WireFormat.OPENAI_RESPONSES, "data: {\"type\":\"response.failed\"}\n\n"))
                .isFalse();
        assertThat(storable(WireFormat.OPENAI_RESPONSES, "data: {\"type\":\"response.incomplete\"}\n\n"))
                .isTrue();
    }

    @Test
    void otherApisTerminalEvents() {
        assertThat(finished(
                        WireFormat.ANTHROPIC_MESSAGES, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
                .isTrue();
        assertThat(finished(WireFormat.COHERE_CHAT, "data: {\"type\":\"message-end\"}\n\n"))
                .isTrue();
        assertThat(finished(WireFormat.GEMINI_STREAM, "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\r\n\r\n"))
                .isTrue();
        assertThat(finished(
                        WireFormat.GEMINI_STREAM,
                        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\\\"finishReason\\\"\"}]}}]}\n\n"))
                .isFalse();
        // a usage-only chunk may follow the one that finished the answer
        assertThat(finished(
                        WireFormat.GEMINI_STREAM,
                        "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\ndata: {\"usageMetadata\":{}}\n\n"))
                .isTrue();
        // streams whose format the path does not pin down end with any terminal event the gateway knows
        assertThat(finished(WireFormat.OTHER, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
                .isTrue();
        assertThat(finished(WireFormat.OTHER, "data: {\"type\":\"message-end\"}\n\n"))
                .isTrue();
        assertThat(finished(WireFormat.OTHER, "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n"))
                .isTrue();
    }

    /** A format's stream is judged by its own terminal event: another API's marker is content there. */
    @Test
    void anotherFormatsMarkerDoesNotEndAStream() {
        assertThat(finished(WireFormat.ANTHROPIC_MESSAGES, "data: [DONE]\n\n")).isFalse();
        assertThat(finished(WireFormat.OPENAI_CHAT, "data: {\"type\":\"message_stop\"}\n\n"))
                .isFalse();
        assertThat(finished(WireFormat.OPENAI_CHAT, "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n"))
                .isFalse();
        assertThat(finished(WireFormat.OPENAI_RESPONSES, "data: [DONE]\n\n")).isFalse();
    }

    @Test
    void anErrorEventEndsAnyStreamAsAFailure() {
        for (WireFormat f : WireFormat.values()) {
            String stream = "data: {\"type\":\"x\"}\n\nevent: error\ndata: {\"type\":\"error\"}\n\n";
            assertThat(finished(f, stream)).as(f.name()).isTrue();
            assertThat(storable(f, stream)).as(f.name()).isFalse();
        }
    }

    @Test
    void eventBoundary() {
        assertThat(scan(WireFormat.OPENAI_CHAT, "data: a\n\n", 4).atEventBoundary())
                .isTrue();
        assertThat(scan(WireFormat.OPENAI_CHAT, "data: a\r\n\r\n", 4).atEventBoundary())
                .isTrue();
        assertThat(scan(WireFormat.OPENAI_CHAT, "data: a\n", 4).atEventBoundary())
                .isFalse();
        assertThat(scan(WireFormat.OPENAI_CHAT, "data: {\"x\":", 4).atEventBoundary())
                .isFalse();
        assertThat(scan(WireFormat.OPENAI_CHAT, "", 1).atEventBoundary()).isTrue();
    }

    @Test
    void aResponseThatIsNotAnEventStreamIsNotScanned() {
        ResponseScan scan = new ResponseScan(WireFormat.OPENAI_CHAT.endRule());
        scan.onHead(200, HttpHeaders.headers().add("content-type", "application/json"));
        scan.onChunk(Buffer.buffer("data: [DONE]\n\n"));
        scan.endOfInput();
        assertThat(scan.eventStream()).isFalse();
        assertThat(scan.finished()).isFalse();
    }

    @Test
    void errorEventsInTheClientsDialect() {
        assertThat(WireFormat.ErrorDialect.OPENAI.event("cut \"short\"\n", true).toString())
                .isEqualTo("data: {\"error\":{\"message\":\"cut \\\"short\\\"\\n\",\"type\":\"server_error\","
                        + "\"code\":\"stream_truncated\",\"param\":null}}\n\n");
        assertThat(WireFormat.ErrorDialect.ANTHROPIC.event("m", false).toString())
                .isEqualTo("\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"m\"}}\n\n");
        assertThat(WireFormat.ErrorDialect.RESPONSES.event("m", true).toString())
                .startsWith("event: error\ndata: {\"type\":\"error\",\"code\":\"stream_truncated\"");
        assertThat(ProviderRules.COMPATIBLE.errorDialect(WireFormat.of("/v1/responses")))
                .isEqualTo(WireFormat.ErrorDialect.RESPONSES);
        assertThat(ProviderRules.COMPATIBLE.errorDialect(WireFormat.of("/v1/messages?beta=true")))
                .isEqualTo(WireFormat.ErrorDialect.ANTHROPIC);
        assertThat(Vendors.of("anthropic").errorDialect(WireFormat.of("/v1/complete")))
                .isEqualTo(WireFormat.ErrorDialect.ANTHROPIC);
        assertThat(ProviderRules.COMPATIBLE.errorDialect(WireFormat.of("/v1/chat/completions")))
                .isEqualTo(WireFormat.ErrorDialect.OPENAI);
    }
}
