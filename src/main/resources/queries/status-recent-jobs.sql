-- STATUS PAGE: the last STATUS_JOBS jobs of each configured connection, newest first. Per connection one range of the
-- index sync_job_recent_idx (connection_id, created_at DESC, job_id DESC), read for STATUS_JOBS rows and no more: the
-- cost stays the same however long the job history grows (the page refreshes every 15 s).
SELECT j.job_id, CAST(j.connection_id AS text) AS connection_id, j.reason, j.tables, j.status, j.rows_synced,
       j.bytes_synced, j.suspicious, j.error, j.finished_at IS NULL AS open,
       to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       CAST(extract(epoch FROM coalesce(j.finished_at, now()) - j.created_at) AS bigint) AS duration_seconds
FROM unnest(CAST(:#${bean:connectionBlocks.connectionIdArray} AS uuid[])) AS c(connection_id)
CROSS JOIN LATERAL (
    SELECT r.* FROM sync_job r WHERE r.connection_id = c.connection_id
    ORDER BY r.created_at DESC, r.job_id DESC
    LIMIT CAST(:#${properties:status.jobs} AS int)) j
ORDER BY j.connection_id, j.created_at DESC, j.job_id DESC
