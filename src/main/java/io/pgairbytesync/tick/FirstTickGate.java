package io.pgairbytesync.tick;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first tick since start goes alone (bean {@code firstTickGate}, first step of route tick): the other blocks' ticks
 * wait until it has its decision, then every tick runs as before.
 * <p>
 * At start-up every block's first tick is due at once (TICK_ON_START fires them all, and blocks due in the same second
 * fire together): each reads the catalog for its tables and prepares its probe in a new session, while the JVM still
 * loads and compiles the code they run. Run together on a few cores they all end late, the first one too; alone, the
 * first tick decides in a fraction of that time, and the others then find the code loaded and warm. The gate opens when
 * the first tick has its decision (before any Airbyte call, which can take a minute) or ends, failed or not; a tick waits
 * at most {@link #MAX_WAIT_SECONDS} s for it, so a first tick held up (a locked table, an unreachable source) never holds
 * the other blocks longer than that. The ticks still come from each block's own Quartz job, so a block's ticks never
 * overlap.
 */
public final class FirstTickGate {

    private static final Logger LOG = LoggerFactory.getLogger(FirstTickGate.class);
    /** The most a tick waits for the first tick's decision. */
    public static final long MAX_WAIT_SECONDS = 10;
    /** Exchange property: this exchange is the first tick, the one the others wait for. */
    static final String FIRST = "firstTickSinceStart";

    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicReference<String> first = new AtomicReference<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final long maxWaitMillis;

    public FirstTickGate() {
        this(TimeUnit.SECONDS.toMillis(MAX_WAIT_SECONDS));
    }

    FirstTickGate(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    /**
     * Before a tick probes: the first tick since start goes on; any other waits until the first has its decision (at
     * most {@link #MAX_WAIT_SECONDS} s); once it has, nothing waits.
     */
    public void enter(Exchange exchange) throws InterruptedException {
        if (isOpen() || Boolean.TRUE.equals(exchange.getProperty(FIRST))) {
            return;
        }
        String block = exchange.getFromRouteId();
        if (first.compareAndSet(null, block == null ? exchange.getExchangeId() : block)) {
            exchange.setProperty(FIRST, true);
            LOG.debug("First tick since start: {} goes alone; the other blocks' ticks wait for its decision", block);
            return;
        }
        waiting.incrementAndGet();
        try {
            if (!open.await(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("Connection block '{}' waited {} s for the first tick since start ({}) to decide: it goes on without",
                        block, TimeUnit.MILLISECONDS.toSeconds(maxWaitMillis), first.get());
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** The tick has its decision, or has ended: if it is the first tick since start, the others go on. */
    public void decided(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(FIRST))) {
            open.countDown();
        }
    }

    /** The first tick since start has decided or ended: no tick waits any more. */
    public boolean isOpen() {
        return open.getCount() == 0;
    }

    /** The ticks waiting for the first tick's decision now. */
    public int waiting() {
        return waiting.get();
    }
}
