package io.pgairbytesync.bench;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Counts the ticks that failed in the service running in the benchmark's JVM (the ERROR line "... tick failed, state
 * unchanged: ..." of record-tick-failure): a figure measured over failed ticks is no figure, so the benchmark prints them.
 */
final class TickFailures extends AppenderBase<ILoggingEvent> {

    private static final String LOGGER = "pg-airbyte-sync.decisions";
    private final AtomicLong failed = new AtomicLong();

    static TickFailures watch() {
        TickFailures f = new TickFailures();
        f.setName("bench-tick-failures");
        f.start();
        ((Logger) LoggerFactory.getLogger(LOGGER)).addAppender(f);
        return f;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains(" tick failed")) {
            failed.incrementAndGet();
        }
    }

    long count() {
        return failed.get();
    }

    @Override
    public void stop() {
        ((Logger) LoggerFactory.getLogger(LOGGER)).detachAppender(this);
        super.stop();
    }
}
