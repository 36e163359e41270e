package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Responses API stream has three proper terminal events: {@code response.completed}, {@code response.incomplete}
 * (e.g. max_output_tokens reached) and {@code response.failed}. The last two are not truncations: the official client
 * gets the stream as the provider sent it, without an extra error event.
 */
@QuarkusTest
class ResponsesStreamEndTest extends GatewayTest {

    private static String stream(String terminal, String status, String extra) {
        return "event: response.created\n"
                + "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_9\","
                + "\"object\":\"response\",\"created_at\":1,\"status\":\"in_progress\",\"model\":\"gpt-5-mini\","
                + "\"output\":[],\"usage\":null}}\n\n"
                + "event: response.output_text.delta\n"
                + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_9\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"Bonjour à tous\"}\n\n"
                + "event: " + terminal + "\n"
                + "data: {\"type\":\"" + terminal + "\",\"sequence_number\":2,\"response\":{\"id\":\"resp_9\","
                + "\"object\":\"response\",\"created_at\":1,\"status\":\"" + status + "\",\"model\":\"gpt-5-mini\","
                + extra + "\"output\":[],\"usage\":{\"input_tokens\":12,\"output_tokens\":4,\"total_tokens\":16}}}\n\n";
    }

    private final String eventId = "streams-responses-" + UUID.randomUUID();

    private List<ResponseStreamEvent> run(String body, boolean contentLength) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        upstream.onSse(
                "/openai/v1/responses", bytes, new int[] {7, bytes.length / 2, bytes.length - 3}, contentLength, 2);
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway + "v1/acct/default/openai/v1")
                .apiKey("sk-client")
                .putHeader("cf-aig-event-id", eventId)
                .maxRetries(0)
                .build();
        ResponseCreateParams params = ResponseCreateParams.builder()
                .model("gpt-5-mini")
                .input("hi " + UUID.randomUUID())
                .build();
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(params)) {
            return events.stream().toList();
        }
    }

    @Test
    void incompleteIsAProperEnd() {
        List<ResponseStreamEvent> events = run(
                stream(
                        "response.incomplete",
                        "incomplete",
                        "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"),
                false);
        assertThat(events).hasSize(3);
        assertThat(events.get(2).isIncomplete()).isTrue();
        assertThat(events).noneMatch(ResponseStreamEvent::isError);
        assertNotLoggedAsTruncated();
    }

    @Test
    void failedIsAProperEnd() {
        List<ResponseStreamEvent> events = run(
                stream(
                        "response.failed",
                        "failed",
                        "\"error\":{\"code\":\"server_error\",\"message\":\"The model failed to answer\"},"),
                false);
        assertThat(events).hasSize(3);
        assertThat(events.get(2).isFailed()).isTrue();
        assertThat(events).noneMatch(ResponseStreamEvent::isError);
        assertNotLoggedAsTruncated();
    }

    @Test
    void aStreamCutBeforeItsTerminalEventStillGetsTheErrorEvent() {
        String full = stream("response.completed", "completed", "");
        String cut = full.substring(0, full.indexOf("event: response.completed"));
        List<ResponseStreamEvent> events = run(cut, true);
        assertThat(events).hasSize(3);
        assertThat(events.get(2).isError()).isTrue();
        assertThat(events.get(2).asError().code()).hasValue("stream_truncated");
    }

    private void assertNotLoggedAsTruncated() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !TestDb.query("SELECT 1 FROM request_logs WHERE event_id = ?", eventId)
                        .isEmpty());
        List<Map<String, Object>> row =
                TestDb.query("SELECT truncated, error_class FROM request_logs WHERE event_id = ?", eventId);
        assertThat(row.get(0).get("truncated")).isEqualTo(false);
        assertThat(row.get(0).get("error_class")).isNull();
    }
}
