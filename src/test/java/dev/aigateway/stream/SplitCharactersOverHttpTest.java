package dev.aigateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Through the real HTTP stack: an upstream stream whose multi-byte characters (é, 漢, emoji) are split across two TCP
 * segments, at every byte offset of the events that carry them, reaches the client byte for byte — as sent when the
 * client asked for usage, and with only the usage taken out when the gateway's {@code include_usage} stripper runs.
 */
@QuarkusTest
class SplitCharactersOverHttpTest extends GatewayTest {

    private static final String CHAT = "/openai/v1/chat/completions";
    private static final String HEAD = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":";
    private static final String FIRST =
            HEAD + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]," + "\"usage\":null}\n\n";
    /** The events every cut goes through: multi-byte characters, a \r\n event, the usage chunk. */
    private static final String MIDDLE = HEAD + "[{\"index\":0,\"delta\":{\"content\":\"é漢😀\"}}],\"usage\":null}\n\n"
            + HEAD
            + "[{\"index\":0,\"delta\":{\"content\":\"ü—字\"},\"finish_reason\":\"stop\"}],\"usage\":null}\r\n\r\n"
            + HEAD + "[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n";

    private static final String LAST = "data: [DONE]\n\n";

    private static final String RAW = FIRST + MIDDLE + LAST;
    private static final String STRIPPED = RAW.replace(",\"usage\":null", "")
            .replace(HEAD + "[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n", "");

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One request whose stream the upstream cuts at {@code cut}; completes with the body the client received. */
    private CompletableFuture<byte[]> send(boolean clientAsksUsage, int cut) {
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"cut\":" + cut
                + (clientAsksUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "v1/acct/default" + CHAT))
                .header("authorization", "Bearer sk-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        });
    }

    @Test
    void everySplitOfTheStreamArrivesByteIdenticalWithAndWithoutTheStripper() throws Exception {
        byte[] raw = RAW.getBytes(StandardCharsets.UTF_8);
        byte[] stripped = STRIPPED.getBytes(StandardCharsets.UTF_8);
        // a declared length and a pause: the two parts reach the gateway as separate TCP segments
        upstream.on(
                CHAT,
                (req, body) ->
                        upstream.writeSse(req, raw, new int[] {new JsonObject(body).getInteger("cut")}, true, 2));
        int from = FIRST.getBytes(StandardCharsets.UTF_8).length;
        int to = from + MIDDLE.getBytes(StandardCharsets.UTF_8).length + 1;
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (int cut = from; cut <= to; cut++) {
            for (boolean asks : new boolean[] {false, true}) {
                int at = cut;
                byte[] expected = asks ? raw : stripped;
                inFlight.acquire();
                checks.add(send(asks, at)
                        .thenAccept(got -> assertThat(got)
                                .as("%s, cut at %d", asks ? "as sent" : "stripped", at)
                                .isEqualTo(expected))
                        .whenComplete((v, e) -> inFlight.release()));
            }
        }
        CompletableFuture.allOf(checks.toArray(new CompletableFuture[0])).get(5, TimeUnit.MINUTES);
        assertThat(upstream.received()).hasSize(2 * (to - from + 1));
    }
}
