package io.pgairbytesync.follow;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.pgairbytesync.observe.OutcomeListener;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;

/**
 * When the settle read of the write counters (routes/engine/stats-settle.yaml) has something to do, so that its
 * every-second timer asks the state database only then, not 86,400 times a day: at start-up (rows a former run left),
 * STATS_FLUSH_DELAY_SECONDS after each tick that posted or adopted a job (record-pending.sql set its tables' settle_at),
 * at the earliest settle_at the last read left for later, and at the latest once a {@link #FALLBACK_MS minute} (a job
 * another instance posted; it settles its own, this catches what it left when it died).
 */
public class StatsSettle implements OutcomeListener {

    /** The longest the state goes unread. */
    static final long FALLBACK_MS = 60_000;

    private final long delayMs;
    private final LongSupplier clock;
    /** Epoch ms from which the timer reads the state again; 0: at once. */
    private final AtomicLong nextCheck = new AtomicLong();

    /** @param delaySeconds STATS_FLUSH_DELAY_SECONDS (0: no settle read is ever due, only the fallback looks) */
    public StatsSettle(long delaySeconds, LongSupplier clock) {
        this.delayMs = delaySeconds * 1000;
        this.clock = clock;
    }

    /** The timer: whether to read the state now. */
    public boolean due() {
        return clock.getAsLong() >= nextCheck.get();
    }

    /**
     * A read of the state begins: the next one is at the fallback, unless something sooner is learnt during it (a tick
     * that posts a job, or the read's own answer): each of those can only bring it closer.
     */
    public void reading() {
        nextCheck.set(clock.getAsLong() + FALLBACK_MS);
    }

    /** settle-due.sql answered: the earliest settle_at not due yet (epoch ms, column next_due_ms), if any. */
    public void read(@Body Map<String, Object> row) {
        if (row != null && row.get("next_due_ms") instanceof Number next) {
            nextCheck.accumulateAndGet(next.longValue(), Math::min);
        }
    }

    /** A read failed: try again in a second (a settle read more than 5 s late is not taken). */
    public void failed() {
        nextCheck.accumulateAndGet(clock.getAsLong() + 1000, Math::min);
    }

    /** A tick ended: if it recorded a job, its tables' counters are due STATS_FLUSH_DELAY_SECONDS from now. */
    @Override
    public void onTick(Tick tick) {
        if (tick.getPending() != null && delayMs > 0) {
            nextCheck.accumulateAndGet(clock.getAsLong() + delayMs, Math::min);
        }
    }
}
