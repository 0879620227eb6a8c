package io.pgairbytesync.act;

import java.util.Map;

import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** Says which job covers the tick's probed values, for each way a tick comes to know its job (bean {@code pendingSyncs}). */
public class PendingSyncs {

    /**
     * Route record-intent: a slot was claimed and the intent written (its exact time; jobs created since then cover the
     * tick's values), or MAX_CONCURRENT_SYNCS was reached and the connection queued (no intent: its place in line).
     */
    public void intentRecorded(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body Map<String, Object> claim) {
        if (Boolean.TRUE.equals(claim.get("claimed"))) {
            tick.setIntentAt((String) claim.get("intent_at"));
        } else {
            tick.putInQueue(((Number) claim.get("queue_position")).intValue(), ((Number) claim.get("running")).intValue());
        }
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
