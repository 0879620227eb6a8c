-- FOLLOW: the job failed, was cancelled, or timed out. Forget the pending values, keep the synced ones, note the
-- error; guarded like record-job-succeeded.
WITH job AS (
    UPDATE sync_job SET status = :#${exchangeProperty.followed.statusText}, finished_at = now(), updated_at = now(),
        rows_synced = CAST(:#${exchangeProperty.followed.rowsSynced} AS bigint),
        bytes_synced = CAST(:#${exchangeProperty.followed.bytesSynced} AS bigint),
        error = 'Airbyte job ' || job_id || ' ended ' || CAST(:#${exchangeProperty.followed.statusText} AS text)
    WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL RETURNING job_id, error)
UPDATE sync_state s
SET pending_job_id = NULL, pending_cursor = NULL, pending_hash = NULL, pending_column_list = NULL,
    pending_write_count = NULL, pending_cursor_column = NULL, pending_cursor_type = NULL, last_error = job.error, last_error_at = now(), updated_at = now()
FROM job WHERE s.pending_job_id = job.job_id
