-- V3: the state tables no longer grow without bound.
--
-- sync_job keeps finished jobs for SYNC_JOB_RETENTION_DAYS: the hourly prune (routes/engine/retention.yaml,
-- queries/prune-finished-jobs.sql) finds the oldest finished jobs through this index, a bounded batch at a time.
CREATE INDEX IF NOT EXISTS sync_job_finished_idx ON sync_job (finished_at) WHERE finished_at IS NOT NULL;
