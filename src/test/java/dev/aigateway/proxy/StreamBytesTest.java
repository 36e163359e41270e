package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.FakeUpstream;
import dev.aigateway.testing.GatewayTest;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Streams reach the client byte for byte the way real networks deliver them: multi-byte characters split across
 * chunks, a Content-Length on the event stream, keep-alive connections reused after a stream.
 */
@QuarkusTest
class StreamBytesTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String HEAD = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":";

    /** What OpenAI streams with include_usage on: usage:null everywhere, then the usage-only chunk. */
    private static final String RAW = HEAD + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],"
            + "\"usage\":null}\n\n"
            + HEAD + "[{\"index\":0,\"delta\":{\"content\":\"é漢😀 naïve — ok\"}}],\"usage\":null}\n\n"
            + HEAD + "[{\"index\":0,\"delta\":{\"content\":\"[DONE] 字\"}}],\"usage\":null}\n\n"
            + HEAD + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
            + HEAD + "[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n"
            + "data: [DONE]\n\n";

    /** What a client that did not ask for usage must receive. */
    private static final String STRIPPED = RAW.replace(",\"usage\":null", "")
            .replace(HEAD + "[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n", "");

    private static final byte[] RAW_BYTES = RAW.getBytes(StandardCharsets.UTF_8);

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<byte[]> stream(String gatewayId, boolean clientAsksUsage, String question) throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                + (clientAsksUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/" + gatewayId + CHAT))
                .header("authorization", "Bearer sk-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every byte its own network chunk: every offset, inside every multi-byte character, is a chunk boundary. */
    @Test
    void multiByteCharactersSplitAtEveryByteArriveIdenticalWithAndWithoutTheStripper() throws Exception {
        upstream.onSse(CHAT, RAW_BYTES, FakeUpstream.everyByte(RAW_BYTES.length), false, 0);

        HttpResponse<byte[]> stripped = stream("default", false, "hi");
        assertThat(stripped.statusCode()).isEqualTo(200);
        assertThat(new String(stripped.body(), StandardCharsets.UTF_8)).isEqualTo(STRIPPED);
        assertThat(stripped.body()).isEqualTo(STRIPPED.getBytes(StandardCharsets.UTF_8));
        assertThat(upstream.received().get(0).body().toString()).contains("\"include_usage\":true");

        HttpResponse<byte[]> asked = stream("default", true, "hi");
        assertThat(asked.body()).isEqualTo(RAW_BYTES);
    }

    /** Declared length, cuts inside multi-byte characters, arriving as separate TCP segments. */
    @Test
    void contentLengthStreamCutInsideCharactersArrivesIdentical() throws Exception {
        int[] cuts = cutsInsideMultiByteCharacters(RAW_BYTES);
        assertThat(cuts.length).isGreaterThan(5);
        upstream.onSse(CHAT, RAW_BYTES, cuts, true, 3);

        assertThat(stream("default", false, "hi").body()).isEqualTo(STRIPPED.getBytes(StandardCharsets.UTF_8));
        assertThat(stream("default", true, "hi").body()).isEqualTo(RAW_BYTES);
    }

    private static int[] cutsInsideMultiByteCharacters(byte[] bytes) {
        java.util.List<Integer> cuts = new java.util.ArrayList<>();
        for (int i = 1; i < bytes.length; i++) {
            if ((bytes[i] & 0xC0) == 0x80) { // a continuation byte: cutting here splits a character
                cuts.add(i);
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The log keeps what the client received (not the usage chunk it never saw), and still has the usage. */
    @Test
    void storedResponseIsWhatTheClientReceived() throws Exception {
        upstream.onSse(CHAT, RAW_BYTES, FakeUpstream.everyByte(RAW_BYTES.length), false, 0);
        String question = "stored " + UUID.randomUUID();
        HttpResponse<byte[]> first = stream("cached", false, question);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(STRIPPED);
        String logId = first.headers().firstValue("cf-aig-log-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.logRow(logId) != null);
        Map<String, Object> row = TestDb.logRow(logId);
        assertThat(((Number) row.get("tokens_in")).longValue()).isEqualTo(9L);
        assertThat(row.get("model")).isEqualTo("gpt-4o-mini-2024-07-18");
        List<Map<String, Object>> payload =
                TestDb.query("SELECT response_body FROM request_log_payloads WHERE log_id = ?::uuid", logId);
        assertThat(new String((byte[]) payload.get(0).get("response_body"), StandardCharsets.UTF_8))
                .isEqualTo(STRIPPED);

        HttpResponse<byte[]> replayed = stream("cached", false, question);
        assertThat(replayed.headers().firstValue("cf-aig-cache-status")).hasValue("HIT");
        assertThat(new String(replayed.body(), StandardCharsets.UTF_8)).isEqualTo(STRIPPED);
    }

    /** "[DONE]" as text in a delta is content: a stream that then stops is truncated and the client is told. */
    @Test
    void doneInsideContentIsNotTheEndOfTheStream() throws Exception {
        String cut = RAW.substring(0, RAW.indexOf(HEAD + "[{\"index\":0,\"delta\":{},\"finish_reason\""));
        byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
        upstream.onSse(CHAT, bytes, new int[] {bytes.length / 2}, false, 0);
        String body = new String(stream("default", true, "hi").body(), StandardCharsets.UTF_8);
        assertThat(body).startsWith(cut);
        assertThat(body.substring(cut.length()))
                .startsWith("data: {\"error\":{")
                .contains("stream_truncated");
    }

    /**
     * An upstream Content-Length on a stream the gateway changes (the truncation error event added, the usage chunk
     * taken out) is never forwarded: the next response on the same keep-alive connection is intact.
     */
    @Test
    void keepAliveConnectionSurvivesAChangedStreamWithContentLength() throws Exception {
        String cut = RAW.substring(0, RAW.indexOf(HEAD + "[],\"usage\""));
        byte[] truncatedBytes = cut.getBytes(StandardCharsets.UTF_8);
        upstream.on(CHAT, (req, body) -> {
            String text = body.toString();
            if (text.contains("truncated")) {
                upstream.writeSse(req, truncatedBytes, new int[] {10}, true, 0);
            } else if (text.contains("strip")) {
                upstream.writeSse(req, RAW_BYTES, new int[] {10}, true, 0);
            } else {
                req.response()
                        .putHeader("content-type", "application/json")
                        .end("{\"id\":\"second\",\"object\":\"chat.completion\"}");
            }
        });
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            Raw first = exchange(
                    socket, "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"q\":\"truncated\"}");
            assertThat(first.status).isEqualTo(200);
            assertThat(first.body).startsWith(cut).contains("stream_truncated");
            Raw second = exchange(socket, "{\"stream\":true,\"q\":\"strip\"}");
            assertThat(second.status).isEqualTo(200);
            assertThat(second.body).isEqualTo(STRIPPED);
            Raw third = exchange(socket, "{\"q\":\"plain\"}");
            assertThat(third.status).isEqualTo(200);
            assertThat(third.body).isEqualTo("{\"id\":\"second\",\"object\":\"chat.completion\"}");
        }
    }

    private record Raw(int status, Map<String, String> headers, String body) {}

    private Raw exchange(Socket socket, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/acct/default/openai/v1/chat/completions HTTP/1.1\r\n"
                + "Host: " + gateway.getHost() + "\r\n"
                + "Authorization: Bearer sk-client\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        assertThat(statusLine)
                .as("status line of the next response on the connection")
                .startsWith("HTTP/1.1 ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(
                    l.substring(0, colon).toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).strip());
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            content.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            assertThat(headers.get("transfer-encoding")).isEqualTo("chunked");
            while (true) {
                int size = Integer.parseInt(line(in).strip(), 16);
                if (size == 0) {
                    line(in);
                    break;
                }
                content.write(in.readNBytes(size));
                line(in);
            }
        }
        return new Raw(
                Integer.parseInt(statusLine.substring(9, 12)), headers, content.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
