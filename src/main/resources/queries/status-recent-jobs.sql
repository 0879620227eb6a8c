-- STATUS PAGE: the last STATUS_JOBS jobs of each connection, newest first.
SELECT job_id, CAST(connection_id AS text) AS connection_id, reason, tables, status, rows_synced, bytes_synced, suspicious,
       error, finished_at IS NULL AS open,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       CAST(extract(epoch FROM coalesce(finished_at, now()) - created_at) AS bigint) AS duration_seconds
FROM (SELECT j.*, row_number() OVER (PARTITION BY connection_id ORDER BY created_at DESC, job_id DESC) AS n
      FROM sync_job j) recent
WHERE n <= CAST(:#${properties:status.jobs} AS int)
ORDER BY connection_id, created_at DESC, job_id DESC
