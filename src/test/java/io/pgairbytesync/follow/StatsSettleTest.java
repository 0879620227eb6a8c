package io.pgairbytesync.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.pgairbytesync.classify.PendingSync;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.Tick;
import org.junit.jupiter.api.Test;

/** When the settle timer reads the state: at start, D after a posted job, at the earliest settle left, once a minute. */
class StatsSettleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StatsSettle settle = new StatsSettle(11, now::get);

    @Test
    void readsAtStartThenOnlyWhenSomethingCanBeDue() {
        assertThat(settle.due()).as("at start-up: rows a former run left").isTrue();
        settle.reading();
        settle.read(Map.of());
        now.addAndGet(1000);
        assertThat(settle.due()).as("nothing posted, nothing left").isFalse();
        now.addAndGet(StatsSettle.FALLBACK_MS);
        assertThat(settle.due()).as("the fallback").isTrue();
    }

    @Test
    void aTickThatPostedAJobMakesTheReadDueAfterTheDelayAndTheEarliestSettleLeftToo() {
        settle.reading();
        settle.read(java.util.Collections.singletonMap("next_due_ms", null));
        settle.onTick(tickWithJob(null));
        assertThat(settle.due()).isFalse();
        settle.onTick(tickWithJob(new PendingSync(102L, "running", "data", "data-changed", "public.orders", "[]")));
        now.addAndGet(10_999);
        assertThat(settle.due()).isFalse();
        now.addAndGet(1);
        assertThat(settle.due()).isTrue();
        // a job posted while the state is read is not forgotten by the read's answer
        settle.reading();
        settle.onTick(tickWithJob(new PendingSync(103L, "running", "data", "data-changed", "public.orders", "[]")));
        settle.read(Map.of("next_due_ms", now.get() + 30_000));
        now.addAndGet(11_000);
        assertThat(settle.due()).isTrue();
        settle.reading();
        settle.read(Map.of("next_due_ms", now.get() + 3_000));
        now.addAndGet(3_000);
        assertThat(settle.due()).as("the earliest settle_at left").isTrue();
        settle.reading();
        settle.failed();
        now.addAndGet(1_000);
        assertThat(settle.due()).as("a failed read is tried again in a second").isTrue();
    }

    private static Tick tickWithJob(PendingSync pending) {
        Tick tick = new Tick(new ConnectionBlock("orders-to-bigquery", "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11", "orders",
                "updated_at", "H * * * * ?"));
        tick.setPending(pending);
        return tick;
    }
}
