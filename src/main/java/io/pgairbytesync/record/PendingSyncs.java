package io.pgairbytesync.record;

import java.util.Map;

import io.pgairbytesync.act.AirbyteJobs;
import io.pgairbytesync.classify.Decision;
import io.pgairbytesync.classify.PendingSync;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** Builds what record-pending writes, for each way a tick comes to know its job. */
public class PendingSyncs {

    /** POST /jobs answered with a job: it covers the values this tick probed. */
    public PendingSync forNewJob(@ExchangeProperty("decision") Decision decision, @Body Map<String, Object> job) {
        return decision.pendingFor(job.get("jobId"), job.get("status"));
    }

    /** After a 409, a job created since our intent was found: it covers the values this tick probed. */
    public PendingSync forFoundJob(@ExchangeProperty("decision") Decision decision,
            @ExchangeProperty("finding") AirbyteJobs.Finding finding) {
        return decision.pendingFor(finding.jobId(), finding.status());
    }

    /** An intent left by an earlier tick found its job: it covers the values probed then. */
    public PendingSync forIntent(@ExchangeProperty("decision") Decision decision,
            @ExchangeProperty("finding") AirbyteJobs.Finding finding) {
        return decision.intent().adopt(finding.jobId(), finding.status());
    }
}
