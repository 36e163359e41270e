package dev.aigateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.stream.EventStreamScannerTest;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bedrock's streams answer in the binary AWS event stream (Converse's and InvokeModelWithResponseStream's): they reach
 * the client as sent, and their usage reaches the log row, which had none before.
 */
@QuarkusTest
class BedrockStreamUsageTest extends GatewayTest {

    private static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    @Test
    void converseStreamUsageIsLogged() throws Exception {
        Map<String, Object> row = relayAndLog(EventStreamScannerTest.converseStream(), "converse-stream");
        assertThat(((Number) row.get("tokens_in")).longValue()).isEqualTo(330L);
        assertThat(((Number) row.get("tokens_out")).longValue()).isEqualTo(8L);
        assertThat(row.get("model")).isEqualTo(MODEL);
    }

    /** InvokeModelWithResponseStream: the usage is in the model's own events, base64-wrapped in payload parts. */
    @Test
    void invokeWithResponseStreamUsageIsLogged() throws Exception {
        Map<String, Object> row = relayAndLog(EventStreamScannerTest.invokeStream(), "invoke-with-response-stream");
        assertThat(((Number) row.get("tokens_in")).longValue()).isEqualTo(14L);
        assertThat(((Number) row.get("tokens_out")).longValue()).isEqualTo(12L);
    }

    /** Relays a binary event stream, cut every 7 bytes, and returns its log row once written. */
    private Map<String, Object> relayAndLog(byte[] stream, String action) throws Exception {
        upstream.on("/bedrock/bedrock-runtime.us-east-1.amazonaws.com/model/", (req, body) -> {
            var response =
                    req.response().setChunked(true).putHeader("content-type", "application/vnd.amazon.eventstream");
            for (int i = 0; i < stream.length; i += 7) { // messages cut across chunks
                response.write(Buffer.buffer(java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 7))));
            }
            response.end();
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway
                        + "v1/acct/default/aws-bedrock/bedrock-runtime/us-east-1/model/" + MODEL + "/" + action))
                .header("authorization", "Bearer bedrock-key")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}"))
                .build();
        HttpResponse<byte[]> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(stream);
        String logId = response.headers().firstValue("cf-aig-log-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(logId) != null);
        return TestDb.logRow(logId);
    }
}
