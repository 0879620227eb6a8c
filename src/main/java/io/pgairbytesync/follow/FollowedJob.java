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

    /** sync_job.status of a job Airbyte no longer knows (GET /jobs/{id} answered 404 too many times in a row). */
    public static final String LOST = "lost";

    /** sync_job.suspicious_outcome: a 0-row, 0-byte success after max(cursor) rose, not accepted; synced again. */
    public static final String WITHHELD = "withheld";

    /** sync_job.suspicious_outcome: the re-sync after a withheld success moved nothing either; accepted, alerted. */
    public static final String ACCEPTED = "accepted";

    private final long jobId;
    private final String connectionId;
    private final String block;
    private final String reason;
    private final boolean overdue;

    private String statusText;
    private JobStatus status = JobStatus.UNKNOWN;
    private Long rowsSynced;
    private Long bytesSynced;
    private boolean emptySuccess;
    private String suspiciousOutcome;
    private boolean ended;
    private String readFailure;
    private int readStatusCode;
    private boolean configurationError;
    private int notFoundReads;
    private String downstream = "{}";

    FollowedJob(long jobId, String connectionId, String block, String reason, boolean overdue) {
        this.jobId = jobId;
        this.connectionId = connectionId;
        this.block = block;
        this.reason = reason;
        this.overdue = overdue;
    }

    /**
     * The routeIds of the blocks that sync after this job's block ({@code after}), as a PostgreSQL text array literal:
     * record-job-succeeded.sql writes one sync_after row for each.
     */
    public String getDownstream() {
        return downstream;
    }

    public void setDownstream(String routeIdArray) {
        this.downstream = routeIdArray;
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

    /**
     * Succeeded with 0 rows and 0 bytes although max(cursor) of a table it covers rose since the last sync (known only
     * once {@link JobFollowUp#weighEmptySuccess} has asked the state database).
     */
    public boolean isSuspicious() {
        return suspiciousOutcome != null;
    }

    /** Succeeded with 0 rows and 0 bytes, started for a data change: whether that is suspicious is asked next. */
    public boolean isEmptySuccess() {
        return emptySuccess;
    }

    /** {@value #WITHHELD}, {@value #ACCEPTED}, or null (not suspicious). */
    public String getSuspiciousOutcome() {
        return suspiciousOutcome;
    }

    /** A suspicious success that is not accepted: the synced state is kept and the change synced again. */
    public boolean isWithheld() {
        return WITHHELD.equals(suspiciousOutcome);
    }

    /** A suspicious success accepted because it was the re-sync after a withheld one. */
    public boolean isAccepted() {
        return ACCEPTED.equals(suspiciousOutcome);
    }

    /** Why GET /jobs/{id} gave no answer this time (null when it did). */
    public String getReadFailure() {
        return readFailure;
    }

    /** The HTTP status of a read that failed with one (0 otherwise). */
    public int getReadStatusCode() {
        return readStatusCode;
    }

    /** GET /jobs/{id} answered 404: Airbyte does not know the job (counted; lost after a few in a row). */
    public boolean isNotFound() {
        return readStatusCode == 404;
    }

    /** The read failed in a way that only a change of configuration fixes (403, an answer that is not the API's JSON). */
    public boolean isConfigurationError() {
        return configurationError;
    }

    /** GET /jobs/{id} answered 404 this many times in a row (sync_job.not_found_reads), when this check counted one. */
    public int getNotFoundReads() {
        return notFoundReads;
    }

    /** Recorded as {@value #LOST}: Airbyte no longer knows it. */
    public boolean isLost() {
        return LOST.equals(statusText);
    }

    /** Recorded as {@value #TIMED_OUT}. */
    public boolean isTimedOut() {
        return TIMED_OUT.equals(statusText);
    }

    /** Whether this check saw the job end (succeeded, failed, cancelled, or timed out). */
    public boolean isEnded() {
        return ended;
    }

    // The setters below are named unlike any property: Simple's ${exchangeProperty.followed.x} calls a method named x
    // (with the body as its argument) before it looks for isX()/getX().

    void seen(String statusText, Long rows, Long bytes, boolean emptySuccess) {
        this.statusText = statusText;
        this.status = JobStatus.of(statusText);
        this.rowsSynced = rows;
        this.bytesSynced = bytes;
        this.emptySuccess = emptySuccess;
        this.suspiciousOutcome = null;
        this.ended = status.isFinal();
        this.readFailure = null;
        this.readStatusCode = 0;
        this.configurationError = false;
    }

    void unread(String failure, int statusCode, boolean configurationError) {
        this.readFailure = failure;
        this.readStatusCode = statusCode;
        this.configurationError = configurationError;
    }

    void markSuspicious(String outcome) {
        this.suspiciousOutcome = outcome;
    }

    void markNotFoundReads(int reads) {
        this.notFoundReads = reads;
    }

    void markLost() {
        this.statusText = LOST;
        this.status = JobStatus.UNKNOWN;
        this.ended = true;
    }

    void markTimedOut() {
        this.statusText = TIMED_OUT;
        this.status = JobStatus.UNKNOWN;
        this.ended = true;
    }
}
