package io.pgairbytesync.observe;

import java.util.List;
import java.util.function.Consumer;

import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the routes hand what happened (bean {@code outcomes}): the end of a tick, a job check, a connection check, a
 * readiness check. Each outcome goes to every listener in turn, on the caller's thread; a listener that fails is
 * logged and never fails the tick or the follow-up that reported the outcome.
 */
public class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final List<OutcomeListener> listeners;

    public Outcomes(List<OutcomeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Last step of route tick. */
    public void tickEnded(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        each(l -> l.onTick(tick), "the tick of " + tick.getName());
    }

    /** Last step of route follow-job. */
    public void jobChecked(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job) {
        each(l -> l.onJob(job), "job " + job.getJobId() + " of " + job.getBlock());
    }

    /** Route airbyte-connection-check: what Airbyte said of one block's connection. */
    public void connectionChecked(@ExchangeProperty(Tick.PROPERTY) Tick block, @Body AirbyteConnection connection) {
        each(l -> l.onConnectionChecked(block, connection), "the connection check of " + block.getName());
    }

    void readinessChecked(Readiness.Outcome outcome) {
        each(l -> l.onReadiness(outcome), "the readiness check of " + outcome.target());
    }

    private void each(Consumer<OutcomeListener> call, String what) {
        for (OutcomeListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("{} could not take in {}: {}", listener.getClass().getSimpleName(), what, e.getMessage());
            }
        }
    }
}
