-- STATS SETTLE: the counters settle-read-counters.sql read become the baseline of the job they settle (settle_job_id):
-- its pending counter while the job runs (record-job-succeeded.sql moves it to the synced one), or the synced counter
-- when the job has succeeded already; a job that failed keeps nothing. Guarded by settle_at: a newer job posted since
-- (record-pending.sql set a new settle_at) or another instance that settled first makes the row match no more. A table
-- whose counter could not be read (dropped) only loses its settle.
UPDATE sync_state s
SET pending_write_count = CASE WHEN r.write_count IS NOT NULL AND s.pending_job_id = s.settle_job_id
                               THEN r.write_count ELSE s.pending_write_count END,
    synced_write_count = CASE WHEN r.write_count IS NOT NULL AND s.pending_job_id IS DISTINCT FROM s.settle_job_id
                                   AND s.last_synced_job_id = s.settle_job_id
                              THEN r.write_count ELSE s.synced_write_count END,
    settle_at = NULL, settle_job_id = NULL, updated_at = now()
FROM json_to_recordset(CAST(:#${body} AS json))
     AS r(connection_id uuid, table_schema text, table_name text, settle_at text, write_count bigint)
WHERE s.connection_id = r.connection_id AND s.table_schema = r.table_schema AND s.table_name = r.table_name
  AND to_char(s.settle_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') = r.settle_at
