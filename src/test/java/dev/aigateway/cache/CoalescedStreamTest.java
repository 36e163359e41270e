package dev.aigateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An identical streaming request arriving while a first one streams is not held until the first stream is whole (its
 * time to first byte would be the whole generation): it gets its own stream at once.
 */
@QuarkusTest
class CoalescedStreamTest extends GatewayTest {

    private static final int EVENTS = 12;
    private static final long GAP_MS = 250;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A slow provider stream: EVENTS events GAP_MS apart, then [DONE]. */
    private void slowStream() {
        byte[] body = (IntStream.range(0, EVENTS)
                                .mapToObj(i -> "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
                                        + "\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n")
                                .reduce("", String::concat)
                        + "data: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        int[] cuts = new int[EVENTS];
        int at = 0;
        String text = new String(body, StandardCharsets.UTF_8);
        for (int i = 0; i < EVENTS; i++) {
            at = text.indexOf("\n\n", at) + 2;
            cuts[i] = at;
        }
        upstream.onSse("/openai/v1/chat/completions", body, cuts, false, GAP_MS);
    }

    private HttpRequest request(String question) {
        return HttpRequest.newBuilder(URI.create(gateway + "v1/acct/cached/openai/v1/chat/completions"))
                .header("authorization", "Bearer sk-client")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\""
                        + question + "\"}]}"))
                .build();
    }

    /** Nanoseconds from sending until the first body byte, and the whole body. */
    private record Timed(long firstByteNanos, long totalNanos, String body) {}

    private Timed timed(HttpRequest request) {
        try {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                int first = in.read();
                long firstByte = System.nanoTime() - start;
                String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Timed(firstByte, System.nanoTime() - start, (char) first + rest);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void followerOfAStreamingLeaderGetsItsFirstByteLongBeforeTheLeaderEnds() {
        slowStream();
        String question = "coalesced stream " + UUID.randomUUID();
        CompletableFuture<Timed> leader = CompletableFuture.supplyAsync(() -> timed(request(question)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !upstream.received().isEmpty());
        Timed follower = timed(request(question));
        Timed first = leader.join();

        assertThat(follower.body()).isEqualTo(first.body()).endsWith("data: [DONE]\n\n");
        // Relative to the stream's own duration: a follower held for the leader's whole stream would start after it.
        assertThat(follower.firstByteNanos()).isLessThan(first.totalNanos() / 3);
        assertThat(follower.firstByteNanos()).isLessThan(follower.totalNanos() / 3);

        // once stored, an identical stream is a cache hit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            int before = upstream.received().size();
            assertThat(timed(request(question)).body()).isEqualTo(first.body());
            assertThat(upstream.received()).hasSize(before);
        });
    }
}
