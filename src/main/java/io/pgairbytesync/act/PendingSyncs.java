package io.pgairbytesync.act;

import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** Says which job covers the tick's probed values, for each way a tick comes to know its job (bean {@code pendingSyncs}). */
public class PendingSyncs {

    /** Route record-intent: the intent is written (its exact time); jobs created since then cover the tick's values. */
    public void intentRecorded(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body String at) {
        tick.setIntentAt(at);
    }

    /** POST /jobs answered with a job: it covers the values this tick probed. */
    public void forNewJob(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body AirbyteJob job) {
        tick.setPending(tick.getDecision().pendingFor(job.jobId(), job.statusText()));
    }

    /** After a 409, a job created since our intent was found: it covers the values this tick probed. */
    public void forFoundJob(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        tick.setPending(tick.getDecision().pendingFor(tick.getFinding().jobId(), tick.getFinding().status()));
    }

    /** An intent left by an earlier tick found its job: it covers the values probed then. */
    public void forIntent(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        tick.adopt(tick.getDecision().intent().adopt(tick.getFinding().jobId(), tick.getFinding().status()));
    }
}
