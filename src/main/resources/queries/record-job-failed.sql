-- FOLLOW: the job failed, was cancelled, timed out or was lost. Forget the pending values, keep the synced ones, note
-- the error; guarded like record-job-succeeded. With EVENTS_WEBHOOK_URL set, the same statement writes the event
-- sync.failed to the outbox sync_event (data.outcome says which: failed, cancelled, timed_out, lost; per table the
-- cursor value still synced).
WITH job AS (
    UPDATE sync_job SET status = :#${exchangeProperty.followed.statusText}, finished_at = now(), updated_at = now(),
        rows_synced = CAST(:#${exchangeProperty.followed.rowsSynced} AS bigint),
        bytes_synced = CAST(:#${exchangeProperty.followed.bytesSynced} AS bigint),
        error = 'Airbyte job ' || job_id || ' ended ' || CAST(:#${exchangeProperty.followed.statusText} AS text)
    WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL
    RETURNING job_id, connection_id, route_id, reason, status, rows_synced, bytes_synced, created_at, finished_at, error),
kept AS (
    UPDATE sync_state s
    SET pending_job_id = NULL, pending_cursor = NULL, pending_hash = NULL, pending_column_list = NULL,
        pending_write_count = NULL, pending_cursor_column = NULL, pending_cursor_type = NULL, last_error = job.error, last_error_at = now(), updated_at = now()
    FROM job WHERE s.pending_job_id = job.job_id
    RETURNING s.table_schema, s.table_name, s.cursor_column, s.synced_cursor)
INSERT INTO sync_event (event_id, type, subject, event_time, data)
SELECT 'job-' || job.job_id || '-sync.failed', 'io.pgairbytesync.sync.failed', job.route_id, job.finished_at,
       CAST(json_build_object('block', job.route_id, 'connectionId', job.connection_id, 'jobId', job.job_id,
           'outcome', job.status, 'reason', job.reason, 'error', job.error, 'rows', job.rows_synced, 'bytes', job.bytes_synced,
           'durationSeconds', CAST(round(CAST(extract(epoch FROM job.finished_at - job.created_at) AS numeric), 3) AS double precision),
           'tables', coalesce((SELECT json_agg(json_build_object('schema', t.table_schema, 'table', t.table_name,
                                   'cursorColumn', t.cursor_column, 'syncedCursor', t.synced_cursor) ORDER BY t.table_schema, t.table_name)
                               FROM kept t), CAST('[]' AS json))) AS text)
FROM job
WHERE CAST(:#${bean:events.enabled} AS boolean)
ON CONFLICT (event_id) DO NOTHING
