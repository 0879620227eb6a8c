-- FOLLOW: a suspicious success (0 rows, 0 bytes although max(cursor) rose) is not accepted: the job is recorded as
-- succeeded and suspicious, the pending values are dropped (the synced ones kept), and each table remembers the job in
-- withheld_job_id, so the next tick syncs the change again and an empty success of that re-sync is accepted, not
-- withheld again. Guarded like record-job-succeeded.
WITH job AS (
    UPDATE sync_job SET status = 'succeeded', rows_synced = CAST(:#${exchangeProperty.followed.rowsSynced} AS bigint),
        bytes_synced = CAST(:#${exchangeProperty.followed.bytesSynced} AS bigint), finished_at = now(), updated_at = now(),
        suspicious = true, suspicious_outcome = 'withheld', not_found_reads = 0,
        error = 'Airbyte job ' || job_id || ' succeeded with 0 rows and 0 bytes although max(cursor) rose: not accepted, synced again'
    WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL RETURNING job_id, error)
UPDATE sync_state s
SET pending_job_id = NULL, pending_cursor = NULL, pending_hash = NULL, pending_column_list = NULL,
    pending_write_count = NULL, pending_cursor_column = NULL, pending_cursor_type = NULL, withheld_job_id = job.job_id, last_error = job.error, last_error_at = now(),
    updated_at = now()
FROM job WHERE s.pending_job_id = job.job_id
