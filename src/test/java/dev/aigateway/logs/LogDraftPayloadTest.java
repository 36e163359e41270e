package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.stream.ByteBudget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The row's response payload: bounded, and the chunks the client was sent are never changed by keeping them. */
class LogDraftPayloadTest {

    private static LogDraft draft(long maxPayloadBytes) {
        return draft(maxPayloadBytes, ByteBudget.unlimited());
    }

    private static LogDraft draft(long maxPayloadBytes, ByteBudget copies) {
        LogDraft draft = new LogDraft(
                UUID.randomUUID(),
                Instant.now(),
                System.nanoTime(),
                "e1",
                "gw-payload",
                true,
                maxPayloadBytes,
                copies,
                null,
                null,
                null);
        draft.onHead(200, HttpHeaders.headers().add("content-type", "application/json"));
        return draft;
    }

    @Test
    void oneChunkIsKeptAsItIs() {
        Buffer chunk = Buffer.buffer("{\"id\":1}");
        LogDraft draft = draft(1024);
        draft.onChunk(chunk);
        LogEvent event = draft.finish(200, false, false, null, null);
        assertThat(event.responseBody()).isSameAs(chunk);
        assertThat(event.responseTruncated()).isFalse();
        assertThat(event.responseSize()).isEqualTo(8);
    }

    @Test
    void moreChunksAreCopiedWithoutChangingTheFirst() {
        Buffer first = Buffer.buffer("{\"id\":");
        LogDraft draft = draft(1024);
        draft.onChunk(first);
        draft.onChunk(Buffer.buffer("1"));
        draft.onChunk(Buffer.buffer("}"));
        LogEvent event = draft.finish(200, false, false, null, null);
        assertThat(event.responseBody().toString()).isEqualTo("{\"id\":1}");
        assertThat(first.toString()).isEqualTo("{\"id\":");
    }

    @Test
    void theBoundCutsTheCopyNotTheChunks() {
        Buffer first = Buffer.buffer("abcdef");
        LogDraft draft = draft(8);
        draft.onChunk(first);
        draft.onChunk(Buffer.buffer("ghijkl"));
        LogEvent event = draft.finish(200, false, false, null, null);
        assertThat(event.responseBody().toString()).isEqualTo("abcdefgh");
        assertThat(event.responseTruncated()).isTrue();
        assertThat(event.responseSize()).isEqualTo(12);
        assertThat(first.toString()).isEqualTo("abcdef");

        LogDraft big = draft(4);
        big.onChunk(first);
        LogEvent cut = big.finish(200, false, false, null, null);
        assertThat(cut.responseBody().toString()).isEqualTo("abcd");
        assertThat(cut.responseTruncated()).isTrue();
        assertThat(first.toString()).isEqualTo("abcdef");
    }

    @Test
    void thePayloadDrawsFromTheCopiesBudgetAndGivesItBackAtTheEnd() {
        ByteBudget copies = new ByteBudget(10);
        LogDraft draft = draft(1024, copies);
        draft.onChunk(Buffer.buffer("abcdef"));
        assertThat(copies.used()).isEqualTo(6);
        draft.onChunk(Buffer.buffer("ghijkl")); // 12 > 10: the budget is spent, the payload stops
        LogEvent event = draft.finish(200, false, false, null, null);
        assertThat(event.responseBody().toString()).isEqualTo("abcdef");
        assertThat(event.responseTruncated()).isTrue();
        assertThat(event.responseSize()).isEqualTo(12);
        assertThat(copies.refusals()).isEqualTo(1);
        draft.onEnd(true);
        assertThat(copies.used()).isZero();
        draft.onEnd(true); // given back once
        assertThat(copies.used()).isZero();
        assertThat(event.responseBody().toString()).isEqualTo("abcdef"); // the event keeps its payload
    }

    @Test
    void aNewResponseOnTheSameRowGivesBackThePreviousOnesBytes() {
        ByteBudget copies = new ByteBudget(100);
        LogDraft draft = draft(1024, copies);
        draft.onChunk(Buffer.buffer("first answer"));
        draft.onHead(200, HttpHeaders.headers());
        assertThat(copies.used()).isZero();
        draft.onChunk(Buffer.buffer("second"));
        assertThat(copies.used()).isEqualTo(6);
        draft.onEnd(false);
        assertThat(copies.used()).isZero();
    }
}
