-- RETENTION: delete one batch (at most 1,000 rows) of the jobs that finished more than SYNC_JOB_RETENTION_DAYS ago,
-- oldest first. Never an open job (finished_at IS NULL), never a job a table's state points at (its pending job, or the
-- job that last synced it). SKIP LOCKED: two instances pruning at once (CLUSTER_ENABLED=true) take different rows and
-- never wait for each other; a row another statement has locked is simply left for the next batch or the next hour.
-- The route repeats the statement until it deletes nothing.
DELETE FROM sync_job
WHERE job_id IN (
    SELECT o.job_id FROM sync_job o
    WHERE o.finished_at < now() - make_interval(days => CAST(:#${properties:sync.job.retention.days} AS int))
      AND NOT EXISTS (SELECT 1 FROM sync_state s WHERE s.pending_job_id = o.job_id)
      AND NOT EXISTS (SELECT 1 FROM sync_state s WHERE s.last_synced_job_id = o.job_id)
    ORDER BY o.finished_at
    LIMIT 1000
    FOR UPDATE OF o SKIP LOCKED)
