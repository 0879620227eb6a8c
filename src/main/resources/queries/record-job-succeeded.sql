-- FOLLOW: the job succeeded (and is not a withheld suspicious success, see record-job-withheld). The synced values
-- become the pending ones, in one statement guarded by the job id and by the job not being finished yet: a replay, or
-- a second instance following the same job, changes nothing. A table's withheld job, if any, is forgotten.
-- The same statement writes what the success leads to, so that none of it is ever recorded without the rest (a crash
-- loses none, a replay repeats none): one sync_after row per block that syncs after this job's block
-- (followed.downstream, `after` blocks), and with EVENTS_WEBHOOK_URL set the events of the outbox sync_event:
-- sync.succeeded (per table the cursor value now synced) and, when a table's columns changed with this sync,
-- schema.changed (per such table the columns added, removed and retyped).
WITH job AS (
    UPDATE sync_job SET status = 'succeeded', rows_synced = CAST(:#${exchangeProperty.followed.rowsSynced} AS bigint),
        bytes_synced = CAST(:#${exchangeProperty.followed.bytesSynced} AS bigint), finished_at = now(), updated_at = now(),
        error = NULL, suspicious = coalesce(CAST(:#${exchangeProperty.followed.suspicious} AS boolean), false),
        suspicious_outcome = CASE WHEN CAST(:#${exchangeProperty.followed.accepted} AS boolean) THEN 'accepted' END,
        not_found_reads = 0
    WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL
    RETURNING job_id, connection_id, route_id, reason, rows_synced, bytes_synced, created_at, finished_at),
before AS (
    SELECT b.table_schema, b.table_name, b.column_hash, b.column_list
    FROM sync_state b JOIN job ON b.pending_job_id = job.job_id),
synced AS (
    UPDATE sync_state s
    SET synced_cursor = s.pending_cursor, column_hash = s.pending_hash, column_list = s.pending_column_list,
        cursor_column = coalesce(s.pending_cursor_column, s.cursor_column), cursor_type = coalesce(s.pending_cursor_type, s.cursor_type),
        pending_cursor_column = NULL, pending_cursor_type = NULL,
        synced_write_count = s.pending_write_count, synced = true, last_synced_job_id = s.pending_job_id,
        last_success_at = now(), pending_job_id = NULL, pending_cursor = NULL, pending_hash = NULL,
        pending_column_list = NULL, pending_write_count = NULL, withheld_job_id = NULL, last_error = NULL, updated_at = now()
    FROM job WHERE s.pending_job_id = job.job_id
    RETURNING s.table_schema, s.table_name, s.cursor_column, s.synced_cursor, s.column_hash, s.column_list),
downstream AS (
    INSERT INTO sync_after (route_id, upstream_job_id, upstream_route_id)
    SELECT d.route_id, job.job_id, job.route_id
    FROM job, unnest(CAST(:#${exchangeProperty.followed.downstream} AS text[])) AS d(route_id)
    ON CONFLICT (route_id, upstream_job_id) DO NOTHING),
changed AS (
    SELECT n.table_schema, n.table_name, CAST(coalesce(n.column_list, '{}') AS jsonb) AS now_cols,
           CAST(coalesce(o.column_list, '{}') AS jsonb) AS was_cols
    FROM synced n JOIN before o USING (table_schema, table_name)
    WHERE o.column_hash IS NOT NULL AND o.column_hash IS DISTINCT FROM n.column_hash),
facts AS (
    SELECT job.*, CAST(round(CAST(extract(epoch FROM job.finished_at - job.created_at) AS numeric), 3) AS double precision) AS duration,
           coalesce((SELECT json_agg(json_build_object('schema', t.table_schema, 'table', t.table_name,
                            'cursorColumn', t.cursor_column, 'syncedCursor', t.synced_cursor) ORDER BY t.table_schema, t.table_name)
                     FROM synced t), CAST('[]' AS json)) AS tables
    FROM job)
INSERT INTO sync_event (event_id, type, subject, event_time, data)
SELECT 'job-' || f.job_id || '-' || e.suffix, 'io.pgairbytesync.' || e.suffix, f.route_id, f.finished_at, e.data
FROM facts f, LATERAL (
    SELECT 'sync.succeeded' AS suffix, CAST(json_build_object('block', f.route_id, 'connectionId', f.connection_id,
               'jobId', f.job_id, 'outcome', 'succeeded', 'reason', f.reason, 'rows', f.rows_synced, 'bytes', f.bytes_synced,
               'durationSeconds', f.duration, 'tables', f.tables) AS text) AS data
    UNION ALL
    SELECT 'schema.changed', CAST(json_build_object('block', f.route_id, 'connectionId', f.connection_id, 'jobId', f.job_id,
               'tables', json_agg(json_build_object('schema', c.table_schema, 'table', c.table_name,
                   'added', (SELECT coalesce(jsonb_object_agg(k, v), CAST('{}' AS jsonb)) FROM jsonb_each_text(c.now_cols) AS x(k, v)
                             WHERE c.was_cols -> k IS NULL),
                   'removed', (SELECT coalesce(jsonb_object_agg(k, v), CAST('{}' AS jsonb)) FROM jsonb_each_text(c.was_cols) AS x(k, v)
                             WHERE c.now_cols -> k IS NULL),
                   'retyped', (SELECT coalesce(jsonb_object_agg(k, json_build_object('from', c.was_cols ->> k, 'to', v)), CAST('{}' AS jsonb))
                             FROM jsonb_each_text(c.now_cols) AS x(k, v) WHERE c.was_cols -> k IS NOT NULL AND c.was_cols ->> k IS DISTINCT FROM v))
                   ORDER BY c.table_schema, c.table_name)) AS text)
    FROM changed c HAVING count(*) > 0) AS e
WHERE CAST(:#${bean:events.enabled} AS boolean)
ON CONFLICT (event_id) DO NOTHING
