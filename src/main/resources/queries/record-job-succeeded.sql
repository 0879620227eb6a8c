-- FOLLOW: the job succeeded (and is not a withheld suspicious success, see record-job-withheld). The synced values
-- become the pending ones, in one statement guarded by the job id and by the job not being finished yet: a replay, or
-- a second instance following the same job, changes nothing. A table's withheld job, if any, is forgotten.
WITH job AS (
    UPDATE sync_job SET status = 'succeeded', rows_synced = CAST(:#${exchangeProperty.followed.rowsSynced} AS bigint),
        bytes_synced = CAST(:#${exchangeProperty.followed.bytesSynced} AS bigint), finished_at = now(), updated_at = now(),
        error = NULL, suspicious = coalesce(CAST(:#${exchangeProperty.followed.suspicious} AS boolean), false),
        suspicious_outcome = CASE WHEN CAST(:#${exchangeProperty.followed.accepted} AS boolean) THEN 'accepted' END,
        not_found_reads = 0
    WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL RETURNING job_id)
UPDATE sync_state s
SET synced_cursor = s.pending_cursor, column_hash = s.pending_hash, column_list = s.pending_column_list,
    cursor_column = coalesce(s.pending_cursor_column, s.cursor_column), cursor_type = coalesce(s.pending_cursor_type, s.cursor_type),
    pending_cursor_column = NULL, pending_cursor_type = NULL,
    synced_write_count = s.pending_write_count, synced = true, last_synced_job_id = s.pending_job_id,
    last_success_at = now(), pending_job_id = NULL, pending_cursor = NULL, pending_hash = NULL,
    pending_column_list = NULL, pending_write_count = NULL, withheld_job_id = NULL, last_error = NULL, updated_at = now()
FROM job WHERE s.pending_job_id = job.job_id
