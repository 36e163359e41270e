package dev.aigateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one bounded copy of a response body, and the process-wide budget all such copies share. */
class ByteBudgetTest {

    private static BodyCapture wanted(long max, ByteBudget budget) {
        BodyCapture capture = new BodyCapture(max, budget);
        capture.want();
        return capture;
    }

    @Test
    void aOneChunkBodyIsKeptNotCopiedAndCountedAgainstTheBudget() {
        ByteBudget budget = new ByteBudget(100);
        BodyCapture capture = wanted(50, budget);
        Buffer chunk = Buffer.buffer("{\"id\":1}");
        capture.onChunk(chunk);
        assertThat(capture.body()).isSameAs(chunk);
        assertThat(budget.used()).isEqualTo(8);
        capture.release();
        assertThat(budget.used()).isZero();
        assertThat(capture.body()).isSameAs(chunk); // still readable by those who took it
    }

    @Test
    void aBodyPastItsOwnCapIsDroppedAndItsBytesGoBack() {
        ByteBudget budget = new ByteBudget(100);
        BodyCapture capture = wanted(10, budget);
        capture.onChunk(Buffer.buffer("abcdef"));
        capture.onChunk(Buffer.buffer("ghijkl"));
        assertThat(capture.body()).isNull();
        assertThat(budget.used()).isZero();
        capture.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void whenTheBudgetIsSpentTheCopyIsDroppedNotTheOthers() {
        ByteBudget budget = new ByteBudget(10);
        BodyCapture first = wanted(50, budget);
        BodyCapture second = wanted(50, budget);
        first.onChunk(Buffer.buffer("12345678"));
        second.onChunk(Buffer.buffer("abc")); // 11 > 10
        assertThat(second.body()).isNull();
        assertThat(first.body().toString()).isEqualTo("12345678");
        assertThat(budget.refusals()).isEqualTo(1);
        second.onChunk(Buffer.buffer("d")); // a dropped copy stays dropped
        assertThat(second.body()).isNull();
        first.release();
        second.release();
        assertThat(budget.used()).isZero();
    }

    @Test
    void releaseIsOnceAndStopsTheCopy() {
        ByteBudget budget = new ByteBudget(100);
        BodyCapture capture = wanted(50, budget);
        capture.onChunk(Buffer.buffer("abc"));
        capture.release();
        capture.release();
        capture.onChunk(Buffer.buffer("def")); // a chunk after the end is not kept (nor counted)
        assertThat(budget.used()).isZero();
        assertThat(capture.body().toString()).isEqualTo("abc");
    }

    @Test
    void nobodyWantingTheBodyTakesNothing() {
        ByteBudget budget = new ByteBudget(100);
        BodyCapture capture = new BodyCapture(50, budget);
        capture.onChunk(Buffer.buffer("abc"));
        assertThat(capture.body()).isNull();
        assertThat(budget.used()).isZero();
    }

    @Test
    void concurrentCopiesNeverHoldMoreThanTheBudget() throws InterruptedException {
        ByteBudget budget = new ByteBudget(1000);
        AtomicInteger over = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2000; i++) {
                    BodyCapture c = wanted(500, budget);
                    c.onChunk(Buffer.buffer(new byte[40]));
                    c.onChunk(Buffer.buffer(new byte[60]));
                    if (budget.used() > budget.limit()) {
                        over.incrementAndGet();
                    }
                    c.release();
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(over.get()).isZero();
        assertThat(budget.used()).isZero();
    }
}
