package dev.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Silence watches on an event loop, checked by the loop's one sweep: cut when silent, never when heard or stopped. */
class StreamSilenceTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context loop = vertx.getOrCreateContext();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private <T> T onLoop(Supplier<T> action) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.runOnContext(v -> done.complete(action.get()));
        return done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void onlyTheSilentWatchIsCutWithinATickOfItsLimit() throws Exception {
        List<String> cut = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        List<Long> cutAfterMs = new CopyOnWriteArrayList<>();
        StreamSilence silent = onLoop(() -> StreamSilence.watch(vertx, Duration.ofMillis(300), () -> {
            cut.add("silent");
            cutAfterMs.add((System.nanoTime() - start) / 1_000_000);
        }));
        StreamSilence talking =
                onLoop(() -> StreamSilence.watch(vertx, Duration.ofMillis(300), () -> cut.add("talking")));
        StreamSilence stopped =
                onLoop(() -> StreamSilence.watch(vertx, Duration.ofMillis(300), () -> cut.add("stopped")));
        StreamSilence held = onLoop(() -> StreamSilence.watch(vertx, Duration.ofMillis(300), () -> cut.add("held")));
        onLoop(() -> {
            stopped.stop();
            held.held(true); // the gateway holds the response back: not the provider's silence
            return null;
        });
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            onLoop(() -> {
                talking.heard();
                return null;
            });
        }
        assertThat(cut).containsExactly("silent");
        assertThat(cutAfterMs.get(0)).isBetween(300L, 300L + 2 * StreamSilence.TICK_MS + 200);
        onLoop(() -> {
            talking.stop();
            held.stop();
            silent.stop(); // already cut: harmless
            return null;
        });
        Thread.sleep(500);
        assertThat(cut).containsExactly("silent");
    }

    @Test
    void theSweepStopsWhenIdleAndStartsAgainForTheNextWatch() throws Exception {
        List<String> cut = new CopyOnWriteArrayList<>();
        StreamSilence first = onLoop(() -> StreamSilence.watch(vertx, Duration.ofMillis(200), () -> cut.add("first")));
        onLoop(() -> {
            first.stop();
            return null;
        });
        Thread.sleep(3 * StreamSilence.TICK_MS); // a tick finds nothing to watch and stops
        onLoop(() -> StreamSilence.watch(vertx, Duration.ofMillis(200), () -> cut.add("second")));
        Thread.sleep(200 + 3 * StreamSilence.TICK_MS);
        assertThat(cut).containsExactly("second");
    }

    @Test
    void offAnEventLoopAWatchKeepsItsOwnTimer() throws Exception {
        CompletableFuture<Boolean> cut = new CompletableFuture<>();
        StreamSilence.watch(vertx, Duration.ofMillis(100), () -> cut.complete(true)); // the test thread
        assertThat(cut.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
