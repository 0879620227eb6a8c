-- CDC, the WAL guard: the connection's last finished job (one row; NULLs when none). A WAL sync that succeeded and left
-- the slot above its limit is not started again: the guard alerts instead, until the retained WAL comes down.
SELECT j.job_id, j.reason, j.status
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
    SELECT job_id, reason, status
    FROM sync_job
    WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND finished_at IS NOT NULL
    ORDER BY finished_at DESC, job_id DESC
    LIMIT 1) AS j ON true
