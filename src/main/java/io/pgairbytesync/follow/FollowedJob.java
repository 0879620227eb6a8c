package io.pgairbytesync.follow;

import io.pgairbytesync.airbyte.JobStatus;

/**
 * One open job of sync_job while the follow-up checks it (exchange property {@value #PROPERTY} of the routes
 * follow-job and record-job-*): which connection and block it belongs to, why it runs, and what Airbyte says of it.
 */
public final class FollowedJob {

    /** The exchange property that carries the job through the follow-up routes. */
    public static final String PROPERTY = "followed";

    /** sync_job.status of a job this service gave up on after AIRBYTE_JOB_TIMEOUT. */
    public static final String TIMED_OUT = "timed_out";

    private final long jobId;
    private final String connectionId;
    private final String block;
    private final String reason;
    private final boolean overdue;

    private String statusText;
    private JobStatus status = JobStatus.UNKNOWN;
    private Long rowsSynced;
    private Long bytesSynced;
    private boolean suspicious;
    private boolean ended;

    FollowedJob(long jobId, String connectionId, String block, String reason, boolean overdue) {
        this.jobId = jobId;
        this.connectionId = connectionId;
        this.block = block;
        this.reason = reason;
        this.overdue = overdue;
    }

    public long getJobId() {
        return jobId;
    }

    public String getConnectionId() {
        return connectionId;
    }

    /** The routeId of the block that started (or waited for) the job. */
    public String getBlock() {
        return block;
    }

    /** {@code first}, {@code data}, {@code schema}, or {@code external} (a sync someone else started, only waited for). */
    public String getReason() {
        return reason;
    }

    public boolean isExternal() {
        return "external".equals(reason);
    }

    /** Open for longer than AIRBYTE_JOB_TIMEOUT. */
    public boolean isOverdue() {
        return overdue;
    }

    /** Airbyte's status as it was sent (a value this version does not know is kept as is), or {@value #TIMED_OUT}. */
    public String getStatusText() {
        return statusText;
    }

    public JobStatus getStatus() {
        return status;
    }

    public Long getRowsSynced() {
        return rowsSynced;
    }

    public Long getBytesSynced() {
        return bytesSynced;
    }

    /** Succeeded with 0 rows and 0 bytes although it was started for a data change. */
    public boolean isSuspicious() {
        return suspicious;
    }

    /** Whether this check saw the job end (succeeded, failed, cancelled, or timed out). */
    public boolean isEnded() {
        return ended;
    }

    void seen(String statusText, Long rows, Long bytes, boolean suspicious) {
        this.statusText = statusText;
        this.status = JobStatus.of(statusText);
        this.rowsSynced = rows;
        this.bytesSynced = bytes;
        this.suspicious = suspicious;
        this.ended = status.isFinal();
    }

    void timedOut() {
        this.statusText = TIMED_OUT;
        this.ended = true;
    }
}
