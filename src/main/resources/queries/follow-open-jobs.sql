-- FOLLOW (one instance): every job still open, oldest first.
SELECT job_id, CAST(connection_id AS text) AS connection_id, route_id, reason, status,
       CAST(extract(epoch FROM now() - created_at) AS bigint) AS age_seconds
FROM sync_job WHERE finished_at IS NULL ORDER BY created_at
