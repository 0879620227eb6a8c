package io.pgairbytesync.follow;

import java.time.Duration;
import java.util.Map;

import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.airbyte.JobStatus;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The logic of following a job to its end (bean {@code jobFollowUp}, routes of 5-follow-jobs.yaml): which open job is
 * checked, what Airbyte's answer means, and when to give up on it.
 */
public class JobFollowUp {

    private final long timeoutSeconds;

    /** @param timeout AIRBYTE_JOB_TIMEOUT: a job still open after this long is cancelled (ours) or given up (external) */
    public JobFollowUp(Duration timeout) {
        this.timeoutSeconds = timeout.toSeconds();
    }

    /** One row of follow-open-jobs.sql / follow-claim-jobs.sql. */
    public FollowedJob start(@Body Map<String, Object> row) {
        long age = ((Number) row.get("age_seconds")).longValue();
        return new FollowedJob(((Number) row.get("job_id")).longValue(), String.valueOf(row.get("connection_id")),
                (String) row.get("route_id"), (String) row.get("reason"), age > timeoutSeconds);
    }

    /**
     * What GET /jobs/{jobId} said. Airbyte has reported launch failures as success with nothing synced
     * (airbytehq/airbyte#85355): a job started for a data change that "succeeded" with 0 rows and 0 bytes is suspicious.
     */
    public void seen(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job, @Body AirbyteJob answer) {
        boolean suspicious = answer.status() == JobStatus.SUCCEEDED && "data".equals(job.getReason())
                && answer.rowsSynced() != null && answer.rowsSynced() == 0
                && answer.bytesSynced() != null && answer.bytesSynced() == 0;
        job.seen(answer.statusText(), answer.rowsSynced(), answer.bytesSynced(), suspicious);
    }

    /** Still open after AIRBYTE_JOB_TIMEOUT: recorded as timed out (the route cancels it first when it is ours). */
    public void timeOut(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job) {
        job.timedOut();
    }
}
