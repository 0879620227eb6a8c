package io.pgairbytesync.classify;

/**
 * What record-pending writes for a job: the job, why it runs and, per table, the probed values it will cover
 * (they become the synced values when it succeeds).
 */
public record PendingSync(long jobId, String status, String reason, String decision, String tableNames,
        String tablesJson) {
}
