package io.pgairbytesync.follow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.airbyte.JobStatus;
import io.pgairbytesync.tick.FailureText;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * The logic of following a job to its end (bean {@code jobFollowUp}, routes of 5-follow-jobs.yaml): which open job is
 * checked, what Airbyte's answer (or its failure to answer) means, and when to give up on it.
 */
public class JobFollowUp {

    /**
     * GET /jobs/{id} answered 404 this many times in a row (counted in sync_job.not_found_reads, so a restart does not
     * start again from 0): Airbyte no longer knows the job (reinstalled, or its jobs purged); it is recorded as
     * {@value FollowedJob#LOST} and the change synced again. Several reads, not one: a 404 from a gateway while Airbyte
     * restarts must not drop a job that still runs (and if one is dropped anyway, the next POST /jobs gets 409 and the
     * running job is waited for: no second sync).
     */
    public static final int LOST_AFTER_NOT_FOUND = 5;

    private final long timeoutSeconds;

    /** @param timeout AIRBYTE_JOB_TIMEOUT: a job of ours still open after this long is cancelled and recorded as timed out */
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
     * (airbytehq/airbyte#85355): a job started for a data change that "succeeded" with 0 rows and 0 bytes is an empty
     * success, and the state database is asked next whether max(cursor) rose ({@link #weighEmptySuccess}).
     */
    public void seen(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job, @Body AirbyteJob answer) {
        boolean empty = answer.status() == JobStatus.SUCCEEDED && "data".equals(job.getReason())
                && answer.rowsSynced() != null && answer.rowsSynced() == 0
                && answer.bytesSynced() != null && answer.bytesSynced() == 0;
        job.seen(answer.statusText(), answer.rowsSynced(), answer.bytesSynced(), empty);
    }

    /**
     * GET /jobs/{jobId} gave no answer: a 404 (counted next), a 403 or an answer that is not the API's JSON (a
     * configuration error: alerted, read again at the next poll only), or a failure that outlasted the redeliveries.
     * The job stays open; AIRBYTE_JOB_TIMEOUT still applies.
     */
    public void unread(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        boolean malformed = ObjectHelper.getException(JacksonException.class, failure) != null;
        int code = http == null ? 0 : http.getStatusCode();
        String text;
        if (http != null) {
            text = "Airbyte answered " + code + " to GET /jobs/" + job.getJobId()
                    + (code == 403 ? ". Fix: the application of AIRBYTE_CLIENT_ID may not read jobs; check its permissions in"
                            + " Airbyte (a 403 is not retried)" : "");
        } else if (malformed) {
            text = "Airbyte's answer to GET /jobs/" + job.getJobId() + " is not the JSON the API describes ("
                    + FailureText.root(failure).getMessage() + "). Fix: check AIRBYTE_API_URL points at the public API"
                    + " (.../api/public/v1)";
        } else {
            text = new FailureText().of(failure);
        }
        job.unread(text, code, code == 403 || malformed);
    }

    /** Route follow-job, after a 404: the row of follow-job-not-found.sql (none: the job was finished meanwhile). */
    public void notFoundCounted(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job, @Body List<Map<String, Object>> rows) {
        int reads = rows.isEmpty() ? 0 : ((Number) rows.get(0).get("not_found_reads")).intValue();
        job.markNotFoundReads(reads);
        if (reads >= LOST_AFTER_NOT_FOUND) {
            job.markLost();
        }
    }

    /**
     * An empty success (0 rows, 0 bytes after a data change), and the row of follow-empty-success.sql: did max(cursor)
     * rise for a table the job covers (then rows must have moved: suspicious), and was an earlier empty success of
     * these tables withheld already? A first one is withheld (the state is kept, the change synced again); the one of
     * that re-sync is accepted (and alerted), so it never loops. A max that went down (deletes) moves no rows in cursor
     * mode: not suspicious.
     */
    public void weighEmptySuccess(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job, @Body Map<String, Object> row) {
        if (Boolean.TRUE.equals(row.get("raised"))) {
            job.markSuspicious(Boolean.TRUE.equals(row.get("resync")) ? FollowedJob.ACCEPTED : FollowedJob.WITHHELD);
        }
    }

    /** Still open after AIRBYTE_JOB_TIMEOUT: recorded as timed out (the route cancels it first). */
    public void timeOut(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job) {
        job.markTimedOut();
    }
}
