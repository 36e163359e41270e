package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A gateway's row limit, planned per batch: no limit, stop inserting, or delete the oldest in bounded chunks. */
class LogRetentionTest {

    @Test
    void withoutALimitEveryRowIsInserted() {
        assertThat(LogRetention.plan(OptionalLong.empty(), false, 1_000_000, 50))
                .isEqualTo(new LogRetention.Plan(50, 0));
        assertThat(LogRetention.plan(OptionalLong.of(-1), true, 10, 50)).isEqualTo(new LogRetention.Plan(50, 0));
    }

    @Test
    void stopInsertingKeepsOnlyWhatFits() {
        assertThat(LogRetention.plan(OptionalLong.of(100), true, 90, 50)).isEqualTo(new LogRetention.Plan(10, 0));
        assertThat(LogRetention.plan(OptionalLong.of(100), true, 100, 50)).isEqualTo(new LogRetention.Plan(0, 0));
        assertThat(LogRetention.plan(OptionalLong.of(100), true, 150, 50)).isEqualTo(new LogRetention.Plan(0, 0));
        assertThat(LogRetention.plan(OptionalLong.of(100), true, 10, 50)).isEqualTo(new LogRetention.Plan(50, 0));
    }

    @Test
    void otherwiseTheOldestGoInBoundedChunks() {
        assertThat(LogRetention.plan(OptionalLong.of(100), false, 90, 50)).isEqualTo(new LogRetention.Plan(50, 40));
        assertThat(LogRetention.plan(OptionalLong.of(100), false, 10, 50)).isEqualTo(new LogRetention.Plan(50, 0));
        assertThat(LogRetention.plan(OptionalLong.of(0), false, 1_000_000, 50))
                .isEqualTo(new LogRetention.Plan(50, LogRetention.DELETE_CHUNK));
    }
}
