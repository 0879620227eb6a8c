-- V3: the state tables no longer grow without bound.
--
-- sync_job keeps finished jobs for SYNC_JOB_RETENTION_DAYS: the hourly prune (routes/engine/retention.yaml,
-- queries/prune-finished-jobs.sql) finds the oldest finished jobs through this index, a bounded batch at a time.
CREATE INDEX IF NOT EXISTS sync_job_finished_idx ON sync_job (finished_at) WHERE finished_at IS NOT NULL;

-- /status reads the newest STATUS_JOBS jobs of each connection every 15 s: this index hands them over in that order,
-- ties on created_at broken by job_id, without a sort; it replaces sync_job_connection_idx, which it begins with.
CREATE INDEX IF NOT EXISTS sync_job_recent_idx ON sync_job (connection_id, created_at DESC, job_id DESC);
DROP INDEX IF EXISTS sync_job_connection_idx;

-- A table that no connection block lists any more (taken out of the YAML, or its whole block removed) keeps its row,
-- marked with the time it was found gone: no tick writes it, /status shows it apart ("no longer watched"). Listed
-- again, it is unmarked and starts over as a table seen for the first time (queries/mark-watched-tables.sql).
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS removed_at timestamptz;
COMMENT ON COLUMN sync_state.removed_at IS 'when the table was found in no connection block of the YAML; NULL = watched';
